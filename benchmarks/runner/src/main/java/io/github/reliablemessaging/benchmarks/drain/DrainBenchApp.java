package io.github.reliablemessaging.benchmarks.drain;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The service of the scenario: one plain Spring Kafka listener, one consumer thread per partition, whose handler
 * sleeps 5 ms per record (simulated I/O), with this project's operations starter (so the drain is available).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DrainBenchApp {

	/** What the listener of the running round reports to. */
	static volatile BacklogLedger ledger;

	/** Simulated I/O per record. */
	static volatile long handlerMillis = 5;

	@KafkaListener(id = "bench", topics = "${bench.topic}", groupId = "${bench.group}", concurrency = "${bench.partitions}",
			autoStartup = "false")
	void listen(ConsumerRecord<String, String> record) throws InterruptedException {
		Thread.sleep(handlerMillis);
		ledger.handle(record.topic(), record.key(), record.value());
	}

	static ConfigurableApplicationContext start(String bootstrap, String topic, String group, int partitions) {
		// the runner logs through slf4j-simple: Spring Boot must not take over logging
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		Map<String, Object> props = new HashMap<>();
		props.put("spring.kafka.bootstrap-servers", bootstrap);
		props.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		props.put("spring.application.name", "drain-bench");
		props.put("spring.main.banner-mode", "off");
		// both systems: a stopped container stops after the record in hand (the drain stops the listener at once)
		props.put("spring.kafka.listener.immediate-stop", "true");
		props.put("reliable.switches.propagation.topic", "drain-bench-control-" + group);
		props.put("reliable.drain.control-topic", "drain-bench-states-" + group);
		props.put("reliable.drain.interval", "500ms");
		props.put("reliable.monitoring.lag.enabled", "false");
		props.put("reliable.security.enabled", "false");
		props.put("bench.topic", topic);
		props.put("bench.group", group);
		props.put("bench.partitions", String.valueOf(partitions));
		return new SpringApplicationBuilder(DrainBenchApp.class).web(WebApplicationType.NONE).properties(props).run();
	}

}
