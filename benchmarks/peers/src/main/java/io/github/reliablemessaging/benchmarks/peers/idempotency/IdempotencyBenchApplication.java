package io.github.reliablemessaging.benchmarks.peers.idempotency;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The listener application every system of the idempotency scenario runs: Spring Boot's Kafka listener container
 * ({@code concurrency = partitions}), a Hikari {@code DataSource} with its transaction manager, starter-idempotency
 * auto-configured as a user gets it, and a Redisson client when the system uses Redis. Only the listener bean and the
 * {@code reliable.idempotency.*} switches differ between the systems.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class IdempotencyBenchApplication {

	@Bean
	OrderRows orderRows(JdbcTemplate jdbc) {
		return new OrderRows(jdbc);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.listener", havingValue = "plain")
	Listeners.Plain plainListener(OrderRows rows) {
		return new Listeners.Plain(rows);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.listener", havingValue = "transactional")
	Listeners.InTransaction transactionalListener(OrderRows rows) {
		return new Listeners.InTransaction(rows);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.listener", havingValue = "idempotent")
	Listeners.Idempotent idempotentListener(OrderRows rows) {
		return new Listeners.Idempotent(rows);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnProperty("bench.redis-uri")
	RedissonClient redisson(@Value("${bench.redis-uri}") String uri) {
		Config config = new Config();
		config.useSingleServer().setAddress(uri);
		return Redisson.create(config);
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
