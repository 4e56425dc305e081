package io.github.reliablemessaging.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds reliable Kafka client defaults as the lowest-precedence property source, so that anything the user sets in
 * {@code application.yml}, the environment or the command line wins.
 *
 * <ul>
 * <li>consumer: auto-commit off (offsets are committed by the listener container after processing);</li>
 * <li>producer: {@code acks=all}, idempotence on, zstd compression;</li>
 * <li>consumer liveness: {@code max.poll.interval.ms=300000}, {@code session.timeout.ms=45000},
 * {@code heartbeat.interval.ms=3000} (Kafka's own defaults, stated so that they are visible and documented);</li>
 * <li>consumer {@code client.id} prefixed with {@code spring.application.name} (unless a client id is set), so
 * that the start-up group sharing check can tell this application's consumers from others'.</li>
 * </ul>
 * Switch off with {@code reliable.kafka.defaults.enabled=false}.
 */
public class ReliableKafkaDefaults implements EnvironmentPostProcessor {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "reliableKafkaDefaults";

	static final Map<String, Object> DEFAULTS;

	static {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.kafka.consumer.enable-auto-commit", "false");
		defaults.put("spring.kafka.producer.acks", "all");
		defaults.put("spring.kafka.producer.compression-type", "zstd");
		defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
		defaults.put("spring.kafka.consumer.properties.max.poll.interval.ms", "300000");
		defaults.put("spring.kafka.consumer.properties.session.timeout.ms", "45000");
		defaults.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
		DEFAULTS = Map.copyOf(defaults);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("reliable.kafka.defaults.enabled", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>(DEFAULTS);
		if (!environment.containsProperty("spring.kafka.client-id") && !environment.containsProperty("spring.kafka.consumer.client-id")) {
			defaults.put("spring.kafka.consumer.client-id", clientIdPrefix(environment));
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	/**
	 * @param environment the environment
	 * @return the client id prefix of this application's consumers: the configured client id, else
	 * {@code spring.application.name}, else {@code application}
	 */
	public static String clientIdPrefix(org.springframework.core.env.Environment environment) {
		String configured = environment.getProperty("spring.kafka.consumer.client-id", environment.getProperty("spring.kafka.client-id"));
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return environment.getProperty("spring.application.name", "application");
	}

}
