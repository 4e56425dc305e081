package io.github.reliablemessaging.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ops.kafka.SendRateLimiter;
import io.github.reliablemessaging.ops.kafka.ThrottlingProducerPostProcessor;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchDefinition;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code producer.rate-limit} switch: records per second the application's producers may send, per instance
 * (0 = unlimited). Spring Boot's producer factory gets a {@link ThrottlingProducerPostProcessor}, so every
 * {@code KafkaTemplate.send} waits for its slot. Off with {@code reliable.kafka.producer.rate-limit.enabled=false}.
 */
@AutoConfiguration(after = SwitchBoardAutoConfiguration.class)
@ConditionalOnClass(DefaultKafkaProducerFactoryCustomizer.class)
@ConditionalOnBean(SwitchBoard.class)
@ConditionalOnBooleanProperty(name = "reliable.kafka.producer.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReliableKafkaProperties.class)
public final class ProducerRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SendRateLimiter producerRateLimiter(SwitchBoard board) {
		SendRateLimiter limiter = new SendRateLimiter();
		board.define(SwitchDefinition.integer(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH, 0,
				"Records per second the application's KafkaTemplate sends, per instance; 0 = unlimited")
			.between(0, 10_000_000));
		board.onChange(ThrottlingProducerPostProcessor.RATE_LIMIT_SWITCH, (rate) -> limiter.setRate((Integer) rate));
		return limiter;
	}

	@Bean
	@ConditionalOnMissingBean(name = "reliableProducerRateLimitCustomizer")
	DefaultKafkaProducerFactoryCustomizer reliableProducerRateLimitCustomizer(SendRateLimiter limiter) {
		return (factory) -> factory.addPostProcessor(new ThrottlingProducerPostProcessor<>(limiter));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean(name = "reliableProducerRateLimitMeters")
		MeterBinder reliableProducerRateLimitMeters(SendRateLimiter limiter) {
			return (registry) -> {
				Gauge.builder("reliable.producer.rate-limit", limiter, SendRateLimiter::rate)
					.description("Records per second the application's producers may send (0 = unlimited)")
					.baseUnit("records/s")
					.register(registry);
				FunctionTimer.builder("reliable.producer.throttled", limiter, SendRateLimiter::throttledSends,
						SendRateLimiter::throttledNanos, TimeUnit.NANOSECONDS)
					.description("Sends held back by the producer rate limit, and how long they waited")
					.register(registry);
			};
		}

	}

}
