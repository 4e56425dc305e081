package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.monitoring.ConsumerLagHealthIndicator;
import io.github.reliablemessaging.ops.monitoring.LagMonitor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Lag of the application's listener groups: monitor, meters, health indicator (the {@code lag} area of the {@code reliable} endpoint reads it). */
@AutoConfiguration(after = ListenerOperationsAutoConfiguration.class)
@ConditionalOnBean(ListenerOperations.class)
@ConditionalOnBooleanProperty(name = "reliable.monitoring.lag.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReliableMonitoringProperties.class)
public final class LagMonitoringAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	LagMonitor lagMonitor(Admin reliableKafkaAdmin, ObjectProvider<KafkaListenerEndpointRegistry> registry,
			ReliableMonitoringProperties properties, Clock clock, ObjectProvider<MeterRegistry> meters) {
		LagMonitor monitor = new LagMonitor(reliableKafkaAdmin, () -> groups(registry), properties.getLag().getWindow(), clock);
		meters.ifAvailable((meterRegistry) -> monitor.onNewPartition((group, tp) -> Gauge
			.builder("reliable.kafka.consumer.lag", monitor, (m) -> m.lag(group, tp))
			.description("Records between the committed offset and the log end")
			.tag("group", group)
			.tag("topic", tp.topic())
			.tag("partition", String.valueOf(tp.partition()))
			.register(meterRegistry)));
		monitor.start(properties.getLag().getInterval());
		return monitor;
	}

	private static Collection<String> groups(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
		Set<String> groups = new LinkedHashSet<>();
		KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
		if (endpoints != null) {
			for (MessageListenerContainer container : endpoints.getAllListenerContainers()) {
				if (container.getGroupId() != null) {
					groups.add(container.getGroupId());
				}
			}
		}
		return groups;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean(name = "reliableConsumersHealthIndicator")
		ConsumerLagHealthIndicator reliableConsumersHealthIndicator(LagMonitor monitor,
				ObjectProvider<KafkaListenerEndpointRegistry> registry) {
			return new ConsumerLagHealthIndicator(monitor, (group) -> {
				KafkaListenerEndpointRegistry endpoints = registry.getIfAvailable();
				return endpoints != null && endpoints.getAllListenerContainers()
					.stream()
					.anyMatch((c) -> group.equals(c.getGroupId()) && c.isPauseRequested());
			});
		}

	}

}
