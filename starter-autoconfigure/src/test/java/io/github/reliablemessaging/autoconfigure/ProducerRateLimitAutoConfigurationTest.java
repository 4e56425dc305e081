package io.github.reliablemessaging.autoconfigure;

import io.github.reliablemessaging.ops.kafka.SendRateLimiter;
import io.github.reliablemessaging.ops.kafka.ThrottlingProducerPostProcessor;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerRateLimitAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class,
				ProducerRateLimitAutoConfiguration.class))
		.withPropertyValues("reliable.switches.propagation.enabled=false");

	@Test
	void bootsProducerFactoryIsThrottledByTheSwitch() {
		this.runner.withPropertyValues("reliable.switches.initial.producer.rate-limit=25").run((context) -> {
			DefaultKafkaProducerFactory<?, ?> factory = context.getBean(DefaultKafkaProducerFactory.class);
			assertThat(factory.getPostProcessors()).singleElement().isInstanceOf(ThrottlingProducerPostProcessor.class);
			SendRateLimiter limiter = context.getBean(SendRateLimiter.class);
			assertThat(limiter.rate()).isEqualTo(25);
			context.getBean(SwitchBoard.class).set(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH, "7", "test", null);
			assertThat(limiter.rate()).isEqualTo(7);
		});
	}

	@Test
	void theSwitchRefusesNegativeLimits() {
		this.runner.run((context) -> assertThat(context.getBean(SwitchBoard.class).list())
			.containsKey(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH)
			.satisfies((switches) -> org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> context.getBean(SwitchBoard.class)
					.set(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH, "-1", "test", null))
				.hasMessageContaining("between 0 and")));
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("reliable.kafka.producer.rate-limit.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SendRateLimiter.class).doesNotHaveBean(DefaultKafkaProducerFactoryCustomizer.class);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getPostProcessors()).isEmpty();
			assertThat(context.getBean(SwitchBoard.class).list()).doesNotContainKey(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH);
		});
	}

	@Test
	void offWithoutBootsKafkaSupport() {
		this.runner.withClassLoader(new FilteredClassLoader(DefaultKafkaProducerFactoryCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SendRateLimiter.class));
	}

	@Test
	void offWithoutTheSwitchBoard() {
		this.runner.withPropertyValues("reliable.switches.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SendRateLimiter.class)
				.getBean(DefaultKafkaProducerFactory.class)
				.satisfies((factory) -> assertThat(factory.getPostProcessors()).isEmpty()));
	}

}
