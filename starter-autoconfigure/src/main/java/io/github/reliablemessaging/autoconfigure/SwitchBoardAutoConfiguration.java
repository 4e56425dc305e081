package io.github.reliablemessaging.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;

import io.github.reliablemessaging.ops.switches.KafkaSwitchPropagator;
import io.github.reliablemessaging.ops.switches.SwitchBoard;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The switch board, seeded from {@code reliable.switches.initial}, propagated through Kafka when available. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "reliable.switches.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReliableSwitchesProperties.class)
public final class SwitchBoardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock reliableClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	SwitchBoard switchBoard(ReliableSwitchesProperties properties, Environment environment, Clock clock) {
		String application = environment.getProperty("spring.application.name", "application");
		String instance = application + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
		SwitchBoard board = new SwitchBoard(instance, properties.getAuditCapacity(), clock);
		properties.getInitial().forEach(board::seed);
		return board;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaProperties.class)
	@ConditionalOnBooleanProperty(name = "reliable.switches.propagation.enabled", matchIfMissing = true)
	static class KafkaPropagation {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		KafkaSwitchPropagator kafkaSwitchPropagator(SwitchBoard board, KafkaProperties kafka,
				ReliableSwitchesProperties properties, Environment environment) {
			KafkaSwitchPropagator propagator = new KafkaSwitchPropagator(board, kafka.buildAdminProperties(),
					properties.getPropagation().getTopic(), environment.getProperty("spring.application.name", "application"),
					properties.getPropagation().getTimeout());
			board.setPropagator(propagator);
			propagator.start();
			return propagator;
		}

	}

}
