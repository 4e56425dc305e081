package io.github.reliablemessaging.ordered;

import java.lang.reflect.Method;
import java.time.Duration;

import io.github.reliablemessaging.autoconfigure.SwitchBoardAutoConfiguration;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ordered.internal.OrderedMeters;
import io.github.reliablemessaging.ordered.internal.OrderedSwitches;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.util.backoff.ExponentialBackOff;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedConsumerAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class,
				OrderedConsumerAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:1", "spring.kafka.consumer.group-id=app",
				"reliable.switches.propagation.enabled=false");

	@Test
	void factoryRecovererSwitchesAndMetersByDefault() {
		this.runner.withUserConfiguration(Meters.class).run((context) -> {
			assertThat(context).hasBean("orderedKafkaListenerContainerFactory")
				.hasSingleBean(DeadLetterPublishingRecoverer.class)
				.hasSingleBean(OrderedSwitches.class)
				.hasSingleBean(OrderedMeters.class);
			OrderedKafkaListenerContainerFactory<?, ?> factory = context.getBean(OrderedKafkaListenerContainerFactory.class);
			assertThat(factory.getConsumerFactory()).isSameAs(context.getBean(ConsumerFactory.class));
			assertThat(factory.getSettings()).isEqualTo(OrderedSettings.defaults());

			OrderedMessageListenerContainer<?, ?> container = container(factory, "orders", null);
			assertThat(container.getRecoverer()).isSameAs(context.getBean(DeadLetterPublishingRecoverer.class));
			assertThat(container.getBackOff()).isInstanceOfSatisfying(ExponentialBackOff.class, (backOff) -> {
				assertThat(backOff.getMaxAttempts()).isEqualTo(9);
				assertThat(backOff.getInitialInterval()).isEqualTo(500);
			});
			SwitchBoard board = context.getBean(SwitchBoard.class);
			assertThat(board.value("ordered.orders.concurrency")).contains(16);
			assertThat(board.value("ordered.orders.multithreaded")).contains(true);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("reliable.ordered.queue.depth").tag("listener", "orders").gauge().value()).isZero();
			assertThat(registry.get("reliable.ordered.records").tag("listener", "orders").functionCounter()).isNotNull();
			assertThat(registry.get("reliable.ordered.processing").tag("listener", "orders").functionTimer()).isNotNull();
		});
	}

	@Test
	void propertiesSetDefaultsAndPerListenerOverridesWinOverTheAnnotation() {
		this.runner.withPropertyValues("reliable.ordered.concurrency=8", "reliable.ordered.max-in-flight-per-partition=400",
				"reliable.ordered.commit-interval=250ms", "reliable.ordered.retry.max-attempts=3",
				"reliable.ordered.listeners.orders.concurrency=48", "reliable.ordered.listeners.orders.multithreaded=false",
				"reliable.ordered.listeners.orders.retry.initial-interval=20ms").run((context) -> {
					OrderedKafkaListenerContainerFactory<?, ?> factory = context.getBean(OrderedKafkaListenerContainerFactory.class);
					OrderedMessageListenerContainer<?, ?> orders = container(factory, "orders", "12");
					assertThat(orders.getSettings().concurrency()).isEqualTo(48);
					assertThat(orders.isMultithreaded()).isFalse();
					assertThat(orders.getSettings().maxInFlightPerPartition()).isEqualTo(400);
					assertThat(orders.getSettings().resumeInFlightPerPartition()).isEqualTo(200);
					assertThat(orders.getSettings().commitInterval()).isEqualTo(Duration.ofMillis(250));
					assertThat(orders.getBackOff()).isInstanceOfSatisfying(ExponentialBackOff.class, (backOff) -> {
						assertThat(backOff.getMaxAttempts()).isEqualTo(2);
						assertThat(backOff.getInitialInterval()).isEqualTo(20);
					});
					assertThat(container(factory, "payments", "12").getConcurrency()).as("annotation beats default").isEqualTo(12);
					assertThat(container(factory, "audit", null).getConcurrency()).isEqualTo(8);
				});
	}

	@Test
	void anInvalidPropertyFailsStartUpNamingIt() {
		this.runner.withPropertyValues("reliable.ordered.listeners.orders.concurrency=5000").run((context) -> {
			OrderedKafkaListenerContainerFactory<?, ?> factory = context.getBean(OrderedKafkaListenerContainerFactory.class);
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> container(factory, "orders", null))
				.hasMessageContaining("reliable.ordered.listeners.orders")
				.hasMessageContaining("concurrency must be between 1 and 1024, was 5000");
		});
		this.runner.withPropertyValues("reliable.ordered.concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid reliable.ordered.* property: concurrency must be between 1 and 1024, was 0"));
	}

	@Test
	void usersBeansWin() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean("orderedKafkaListenerContainerFactory")).isSameAs(UserBeans.FACTORY);
			assertThat(context).doesNotHaveBean(DeadLetterPublishingRecoverer.class);
			assertThat(context.getBean(ConsumerRecordRecoverer.class)).isSameAs(UserBeans.RECOVERER);
		});
	}

	@Test
	void aUsersRecovererIsUsed() {
		this.runner.withUserConfiguration(UserRecoverer.class).run((context) -> {
			OrderedKafkaListenerContainerFactory<?, ?> factory = context.getBean(OrderedKafkaListenerContainerFactory.class);
			assertThat(container(factory, "orders", null).getRecoverer()).isSameAs(UserBeans.RECOVERER);
			assertThat(context).doesNotHaveBean(DeadLetterPublishingRecoverer.class);
		});
	}

	@Test
	void deadLetterRecovererCanBeSwitchedOff() {
		this.runner.withPropertyValues("reliable.ordered.dead-letter.enabled=false")
			.run((context) -> assertThat(context).hasBean("orderedKafkaListenerContainerFactory")
				.doesNotHaveBean(DeadLetterPublishingRecoverer.class));
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("reliable.ordered.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("orderedKafkaListenerContainerFactory")
				.doesNotHaveBean(OrderedSwitches.class)
				.doesNotHaveBean(OrderedConsumerProperties.class));
	}

	@Test
	void offWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(ConsumerFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean("orderedKafkaListenerContainerFactory"));
	}

	@Test
	void noSwitchesWithoutASwitchBoardAndNoMetersWithoutMicrometer() {
		this.runner.withPropertyValues("reliable.switches.enabled=false")
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasBean("orderedKafkaListenerContainerFactory")
				.doesNotHaveBean(OrderedSwitches.class)
				.doesNotHaveBean(OrderedMeters.class));
	}

	/** Creates a container the way the endpoint registry does for a {@code @KafkaListener}. */
	static OrderedMessageListenerContainer<?, ?> container(OrderedKafkaListenerContainerFactory<?, ?> factory, String id,
			String concurrency) throws Exception {
		MethodKafkaListenerEndpoint<Object, Object> endpoint = new MethodKafkaListenerEndpoint<>();
		endpoint.setId(id);
		endpoint.setTopics("t");
		endpoint.setBean(new Listener());
		Method method = Listener.class.getMethod("on", ConsumerRecord.class);
		endpoint.setMethod(method);
		endpoint.setMessageHandlerMethodFactory(new DefaultMessageHandlerMethodFactory());
		if (concurrency != null) {
			endpoint.setConcurrency(Integer.valueOf(concurrency));
		}
		return factory.createListenerContainer(endpoint);
	}

	public static class Listener {

		public void on(ConsumerRecord<String, String> record) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final OrderedKafkaListenerContainerFactory<Object, Object> FACTORY = new OrderedKafkaListenerContainerFactory<>();

		static final ConsumerRecordRecoverer RECOVERER = (record, failure) -> {
		};

		@Bean
		OrderedKafkaListenerContainerFactory<Object, Object> orderedKafkaListenerContainerFactory() {
			return FACTORY;
		}

		@Bean
		ConsumerRecordRecoverer myRecoverer() {
			return RECOVERER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecoverer {

		@Bean
		ConsumerRecordRecoverer myRecoverer() {
			return UserBeans.RECOVERER;
		}

	}

}
