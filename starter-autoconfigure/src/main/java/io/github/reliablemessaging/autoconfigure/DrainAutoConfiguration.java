package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.drain.DrainMeters;
import io.github.reliablemessaging.ops.drain.DrainService;
import io.github.reliablemessaging.ops.drain.DrainService.DrainSettings;
import io.github.reliablemessaging.ops.drain.DrainStateStore;
import io.github.reliablemessaging.ops.endpoint.DrainArea;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Backlog drain ("topic transfer") of the application's listeners, under {@code /actuator/reliable/drain}: the
 * {@link DrainService} (with its control topic) and its operation area, meters when Micrometer is present.
 */
@AutoConfiguration(after = ListenerOperationsAutoConfiguration.class, before = ReliableEndpointAutoConfiguration.class)
@ConditionalOnClass({ KafkaListenerEndpointRegistry.class, KafkaProperties.class })
@ConditionalOnBean({ KafkaProperties.class, Admin.class })
@ConditionalOnProperty(name = "reliable.drain.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReliableDrainProperties.class)
public final class DrainAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(name = KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	DrainService drainService(ObjectProvider<KafkaListenerEndpointRegistry> registry, Admin reliableKafkaAdmin,
			ListableBeanFactory beans, KafkaProperties kafka, ReliableDrainProperties properties,
			ObjectProvider<Clock> clock) {
		DrainStateStore store = new DrainStateStore(kafka.buildAdminProperties(), properties.getControlTopic(),
				properties.getTimeout());
		DrainSettings settings = new DrainSettings(properties.getMaxMultiplier(), properties.getInterval(),
				properties.getSwitchBackLag(), properties.getTimeout());
		return DrainService.create(registry, store, reliableKafkaAdmin, beans, settings, kafka.buildAdminProperties(),
				kafka.buildConsumerProperties(), kafka.buildProducerProperties(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReliableEndpoint.class)
	// nested configurations are processed before the outer bean methods: same condition as drainService
	@ConditionalOnBean(name = KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	@ConditionalOnAvailableEndpoint(endpoint = ReliableEndpoint.class)
	static class Endpoint {

		@Bean
		@ConditionalOnMissingBean
		DrainArea reliableDrainArea(DrainService drains) {
			return new DrainArea(drains);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(name = KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		DrainMeters drainMeters(DrainService drains, ObjectProvider<MeterRegistry> registry) {
			return new DrainMeters(drains, registry);
		}

	}

}
