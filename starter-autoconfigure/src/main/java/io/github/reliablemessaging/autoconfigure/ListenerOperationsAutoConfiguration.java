package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.kafka.GroupSharingCheck;
import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.replay.ReplaySource;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/** Operations on the application's running Kafka listeners (pause/resume, seek, skip) and replays. */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class })
@ConditionalOnClass({ KafkaListenerEndpointRegistry.class, KafkaProperties.class })
@ConditionalOnBean({ SwitchBoard.class, KafkaProperties.class })
@EnableConfigurationProperties(ReliableKafkaProperties.class)
public final class ListenerOperationsAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(name = "reliableKafkaAdmin")
	Admin reliableKafkaAdmin(KafkaProperties kafka) {
		return Admin.create(kafka.buildAdminProperties());
	}

	@Bean
	@ConditionalOnMissingBean
	GroupSharingCheck groupSharingCheck(ObjectProvider<KafkaListenerEndpointRegistry> registry, Admin reliableKafkaAdmin,
			Environment environment, ReliableKafkaProperties properties) {
		return new GroupSharingCheck(registry, reliableKafkaAdmin, ReliableKafkaDefaults.clientIdPrefix(environment),
				properties.getGroupCheck());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ReplayService replayService(Admin reliableKafkaAdmin, KafkaProperties kafka, ObjectProvider<ReplaySource> sources,
			ObjectProvider<KafkaTemplate<Object, Object>> template, Clock clock) {
		return new ReplayService(reliableKafkaAdmin, kafka.buildAdminProperties(), sources.orderedStream().toList(),
				template.getIfUnique(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(name = KafkaListenerConfigUtils.KAFKA_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	ListenerOperations listenerOperations(ObjectProvider<KafkaListenerEndpointRegistry> registry, SwitchBoard switches, Admin reliableKafkaAdmin) {
		return new ListenerOperations(registry, switches, reliableKafkaAdmin);
	}

}
