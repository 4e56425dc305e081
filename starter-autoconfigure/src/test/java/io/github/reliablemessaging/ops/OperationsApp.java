package io.github.reliablemessaging.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
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
 * A small application with one listener ({@code orders} on the topic {@code ops.topic}, 3 partitions); records
 * starting with "poison" always fail (unlimited retries). No component scan: other test applications live in the
 * packages below.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestUsers.class)
public class OperationsApp {

	final List<String> consumed = new CopyOnWriteArrayList<>();

	final AtomicInteger failures = new AtomicInteger();

	@Bean
	NewTopic opsTopic(@Value("${ops.topic}") String topic) {
		return TopicBuilder.name(topic).partitions(3).build();
	}

	@Bean
	NewTopic parkedTopic(@Value("${ops.topic}") String topic) {
		return TopicBuilder.name(parked(topic)).partitions(1).build();
	}

	@Bean
	CommonErrorHandler unlimitedRetries() {
		return new DefaultErrorHandler(new FixedBackOff(50, FixedBackOff.UNLIMITED_ATTEMPTS));
	}

	@KafkaListener(id = "orders", topics = "${ops.topic}", groupId = "${ops.group}")
	void listen(ConsumerRecord<String, String> record) {
		if (record.value().startsWith("poison")) {
			this.failures.incrementAndGet();
			throw new IllegalStateException("cannot process " + record.value());
		}
		this.consumed.add(record.value());
	}

	/**
	 * @param topic the orders topic
	 * @return the topic poison records are parked on
	 */
	static String parked(String topic) {
		return topic + "-parked";
	}

	/**
	 * Starts an instance of the application {@code ops-it}.
	 * @param topic orders topic
	 * @param group group of the listener
	 * @param controlTopic switch control topic
	 * @return the running application
	 */
	static ConfigurableApplicationContext start(String topic, String group, String controlTopic) {
		return start("ops-it", topic, group, controlTopic);
	}

	static ConfigurableApplicationContext start(String application, String topic, String group, String controlTopic) {
		return new SpringApplicationBuilder(OperationsApp.class).properties(Map.ofEntries(
				Map.entry("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers()),
				Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
				// seeks and pauses take effect when the consumer's current poll returns: keep it short in tests
				Map.entry("spring.kafka.listener.poll-timeout", "500ms"),
				Map.entry("spring.application.name", application),
				Map.entry("server.port", "0"),
				Map.entry("management.endpoints.web.exposure.include", "*"),
				Map.entry("reliable.switches.propagation.topic", controlTopic),
				Map.entry("reliable.monitoring.lag.interval", "200ms"),
				Map.entry("reliable.monitoring.lag.window", "5"),
				Map.entry("management.endpoint.health.show-details", "always"),
				Map.entry("ops.topic", topic),
				Map.entry("ops.group", group)))
			.run();
	}

}
