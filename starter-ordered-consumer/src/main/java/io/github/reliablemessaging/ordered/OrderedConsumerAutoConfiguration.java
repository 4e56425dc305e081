package io.github.reliablemessaging.ordered;

import io.github.reliablemessaging.autoconfigure.SwitchBoardAutoConfiguration;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ordered.internal.ListenerPropertiesInitializer;
import io.github.reliablemessaging.ordered.internal.OrderedMeters;
import io.github.reliablemessaging.ordered.internal.OrderedSwitches;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * The {@code orderedKafkaListenerContainerFactory} for {@code @KafkaListener(containerFactory = ...)}, built on
 * Boot's {@link ConsumerFactory}, with {@code reliable.ordered.*} settings, a dead-letter recoverer when a
 * {@link KafkaOperations} exists, runtime switches when a {@link SwitchBoard} exists and meters when a
 * {@link MeterRegistry} exists. Off with {@code reliable.ordered.enabled=false}.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class })
@ConditionalOnClass({ ConsumerFactory.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "reliable.ordered.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OrderedConsumerProperties.class)
public final class OrderedConsumerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "orderedKafkaListenerContainerFactory")
	@ConditionalOnBean(ConsumerFactory.class)
	OrderedKafkaListenerContainerFactory<Object, Object> orderedKafkaListenerContainerFactory(
			ConsumerFactory<Object, Object> consumerFactory, OrderedConsumerProperties properties,
			ObjectProvider<KafkaProperties> kafka, ObjectProvider<ConsumerRecordRecoverer> recoverer,
			ObjectProvider<RecordMessageConverter> converter, ObjectProvider<OrderedContainerInitializer> initializers,
			ObjectProvider<ContainerCustomizer<Object, Object, OrderedMessageListenerContainer<Object, Object>>> customizer) {
		OrderedKafkaListenerContainerFactory<Object, Object> factory = new OrderedKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setSettings(properties.toSettings());
		factory.setBackOff(properties.toBackOff());
		kafka.ifAvailable((boot) -> {
			factory.setAutoStartup(boot.getListener().isAutoStartup());
			factory.setMissingTopicsFatal(boot.getListener().isMissingTopicsFatal());
		});
		// looked up when the first container is created: they may depend on beans of the listeners' own class
		factory.setDeferredConfiguration((created) -> {
			recoverer.ifUnique(created::setRecoverer);
			converter.ifUnique(created::setRecordMessageConverter);
			created.setContainerInitializers(initializers.orderedStream().toList());
			customizer.ifUnique(created::setContainerCustomizer);
		});
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerPropertiesInitializer orderedListenerProperties(OrderedConsumerProperties properties) {
		return new ListenerPropertiesInitializer(properties);
	}

	@Bean
	@ConditionalOnMissingBean(ConsumerRecordRecoverer.class)
	@ConditionalOnSingleCandidate(KafkaOperations.class)
	@ConditionalOnBooleanProperty(name = "reliable.ordered.dead-letter.enabled", matchIfMissing = true)
	DeadLetterPublishingRecoverer orderedDeadLetterRecoverer(KafkaOperations<?, ?> template) {
		return new DeadLetterPublishingRecoverer(template);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SwitchBoard.class)
	static class Switches {

		@Bean
		@ConditionalOnMissingBean
		OrderedSwitches orderedSwitches(SwitchBoard board) {
			return new OrderedSwitches(board);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		OrderedMeters orderedMeters(ObjectProvider<MeterRegistry> registry) {
			return new OrderedMeters(registry::getIfUnique);
		}

	}

}
