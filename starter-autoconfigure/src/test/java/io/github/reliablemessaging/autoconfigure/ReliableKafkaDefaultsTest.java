package io.github.reliablemessaging.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReliableKafkaDefaultsTest {

	private final ReliableKafkaDefaults defaults = new ReliableKafkaDefaults();

	@Test
	void autoCommitIsOffAndProducerIsSafeByDefault() {
		StandardEnvironment environment = new StandardEnvironment();
		this.defaults.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit")).isEqualTo("false");
		assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
		assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence")).isEqualTo("true");
	}

	@Test
	void userSettingsWin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", Map.of("spring.kafka.producer.acks", "1")));
		this.defaults.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("1");
	}

	@Test
	void canBeSwitchedOff() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("user", Map.of("reliable.kafka.defaults.enabled", "false")));
		this.defaults.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit")).isNull();
	}

}
