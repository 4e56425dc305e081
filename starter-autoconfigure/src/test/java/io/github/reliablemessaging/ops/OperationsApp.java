package io.github.reliablemessaging.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A small application with one listener; records starting with "poison" always fail (unlimited retries). No
 * component scan: other test applications live in the packages below.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestUsers.class)
public class OperationsApp {

	static final String TOPIC = "ops-orders";

	static final String PARKED = "ops-orders-parked";

	final List<String> consumed = new CopyOnWriteArrayList<>();

	final AtomicInteger failures = new AtomicInteger();

	@Bean
	NewTopic opsTopic() {
		return TopicBuilder.name(TOPIC).partitions(3).build();
	}

	@Bean
	NewTopic parkedTopic() {
		return TopicBuilder.name(PARKED).partitions(1).build();
	}

	@Bean
	CommonErrorHandler unlimitedRetries() {
		return new DefaultErrorHandler(new FixedBackOff(50, FixedBackOff.UNLIMITED_ATTEMPTS));
	}

	@KafkaListener(id = "orders", topics = TOPIC, groupId = "${ops.group}")
	void listen(ConsumerRecord<String, String> record) {
		if (record.value().startsWith("poison")) {
			this.failures.incrementAndGet();
			throw new IllegalStateException("cannot process " + record.value());
		}
		this.consumed.add(record.value());
	}

	static ConfigurableApplicationContext start(String group, String controlTopic) {
		return start("ops-it", group, controlTopic);
	}

	static ConfigurableApplicationContext start(String application, String group, String controlTopic) {
		return new SpringApplicationBuilder(OperationsApp.class).properties(Map.of(
				"spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers(),
				"spring.kafka.consumer.auto-offset-reset", "earliest",
				"spring.application.name", application,
				"server.port", "0",
				"management.endpoints.web.exposure.include", "*",
				"reliable.switches.propagation.topic", controlTopic,
				"reliable.monitoring.lag.interval", "200ms",
				"reliable.monitoring.lag.window", "5",
				"management.endpoint.health.show-details", "always",
				"ops.group", group))
			.run();
	}

}
