package io.github.reliablemessaging.idempotency.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reliablemessaging.idempotency.IdempotencyKeyException;
import io.github.reliablemessaging.testsupport.RealRedis;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A small order service for the end-to-end scenarios: {@link OrderListener} writes one business row per event
 * with JdbcTemplate; a short retry back-off; records whose key cannot be worked out go straight to a recoverer
 * that remembers the failure.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {

	/** Failures handed to the recoverer (retries exhausted or not retryable). */
	final List<Throwable> recovered = new CopyOnWriteArrayList<>();

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	CommonErrorHandler errorHandler() {
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> this.recovered.add(ex), new FixedBackOff(100, 5));
		handler.addNotRetryableExceptions(IdempotencyKeyException.class);
		return handler;
	}

	@Bean
	OrderListener orderListener(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE IF NOT EXISTS order_effects (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
				+ "group_name VARCHAR(100) NOT NULL, event_id VARCHAR(200) NOT NULL, payload VARCHAR(200), KEY (group_name, event_id))");
		return new OrderListener(jdbc);
	}

	/**
	 * Properties pointing at the shared Kafka and MySQL, and at a Redis.
	 * @param database schema of the business and idempotency tables
	 * @param redis the Redis of the done-markers
	 * @param topic the orders topic
	 * @param group the consumer group
	 * @return the properties; add or override as needed
	 */
	public static Map<String, Object> properties(String database, RealRedis redis, String topic, String group) {
		SharedInfrastructure.mysql().createDatabase(database);
		Map<String, Object> props = new HashMap<>();
		props.put("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
		props.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		props.put("spring.datasource.url", SharedInfrastructure.mysql().jdbcUrl(database));
		props.put("spring.datasource.username", SharedInfrastructure.mysql().username());
		props.put("spring.datasource.password", SharedInfrastructure.mysql().password());
		props.put("spring.datasource.hikari.maximum-pool-size", "12");
		props.put("spring.data.redis.host", redis.host());
		props.put("spring.data.redis.port", String.valueOf(redis.port()));
		props.put("spring.application.name", "idem-it");
		props.put("reliable.switches.propagation.enabled", "false");
		props.put("reliable.kafka.group-check", "off");
		props.put("reliable.monitoring.lag.enabled", "false");
		props.put("it.topic", topic);
		props.put("it.group", group);
		return props;
	}

	/**
	 * @param properties from {@link #properties}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(TestApp.class).properties(properties).run();
	}

}
