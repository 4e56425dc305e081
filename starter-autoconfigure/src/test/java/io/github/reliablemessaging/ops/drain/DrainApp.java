package io.github.reliablemessaging.ops.drain;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A service with one plain Spring Kafka listener ({@code orders}, one consumer thread per partition of its 3
 * partitions) that records per-key sequence numbers in {@link #ledger}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestUsers.class)
public class DrainApp {

	/** What the listener saw; shared by the instances of one test (one JVM). */
	static volatile SequenceLedger ledger = new SequenceLedger();

	@Value("${drain.handler-micros:0}")
	long handlerMicros;

	@KafkaListener(id = "orders", topics = "${drain.topic}", groupId = "${drain.group}", concurrency = "3")
	void listen(ConsumerRecord<String, String> record) {
		if (this.handlerMicros > 0) {
			LockSupport.parkNanos(this.handlerMicros * 1000);
		}
		ledger.handle(record.topic(), record.partition(), record.offset(), record.key(), record.value());
	}

	/** Listeners that only bad-input tests address (never started). */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("drain.extra-listeners")
	static class ExtraListeners {

		@KafkaListener(id = "pattern", topicPattern = "drain-pattern-.*", groupId = "${drain.group}-pattern", autoStartup = "false")
		void pattern(String value) {
		}

		@KafkaListener(id = "long", topics = "${drain.long-topic}", groupId = "${drain.group}-long", autoStartup = "false")
		void longName(String value) {
		}

		@KafkaListener(id = "taken", topics = "${drain.taken-topic}", groupId = "${drain.group}-taken", autoStartup = "false")
		void taken(String value) {
		}

	}

	static ConfigurableApplicationContext start(String topic, String group, Map<String, String> extra) {
		Map<String, Object> props = new HashMap<>();
		props.put("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
		props.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		props.put("spring.kafka.listener.poll-timeout", "500ms");
		props.put("spring.application.name", "drain-it");
		props.put("server.port", "0");
		props.put("management.endpoints.web.exposure.include", "*");
		props.put("reliable.switches.propagation.topic", "drain-it-control-" + group);
		props.put("reliable.drain.control-topic", "drain-it-states-" + group);
		props.put("reliable.drain.interval", "300ms");
		props.put("reliable.monitoring.lag.enabled", "false");
		props.put("drain.topic", topic);
		props.put("drain.group", group);
		props.putAll(extra);
		return new SpringApplicationBuilder(DrainApp.class).properties(props).run();
	}

}
