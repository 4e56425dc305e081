package io.github.reliablemessaging.ops.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code producer.rate-limit} switch set over HTTP holds the application's {@code KafkaTemplate} senders back:
 * over any second, the records that reach the broker stay within the limit (with a tolerance for senders waking
 * late on a loaded machine), and lifting the limit lets them go at full speed again.
 */
class ProducerRateLimitEndToEndTest {

	static final String TOPIC = "rate-limited-" + UUID.randomUUID();

	static final int LIMIT = 40;

	static final int SENDERS = 4;

	static ConfigurableApplicationContext app;

	static Http admin;

	@BeforeAll
	static void start() {
		app = new SpringApplicationBuilder(RateLimitedApp.class).properties(Map.of("spring.kafka.bootstrap-servers",
				SharedInfrastructure.kafka().bootstrapServers(), "server.port", "0", "spring.application.name", "rate-it",
				"reliable.switches.propagation.enabled", "false", "management.endpoints.web.exposure.include", "reliable",
				"spring.kafka.producer.properties.linger.ms", "0"))
			.run();
		admin = TestUsers.admin(Http.of(app));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@SuppressWarnings("unchecked")
	static List<Long> sendFlatOut(Duration duration, String prefix) throws Exception {
		KafkaTemplate<String, String> template = app.getBean(KafkaTemplate.class);
		ConcurrentLinkedQueue<Long> admitted = new ConcurrentLinkedQueue<>();
		ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
		long end = System.nanoTime() + duration.toNanos();
		for (int s = 0; s < SENDERS; s++) {
			int sender = s;
			senders.submit(() -> {
				int n = 0;
				while (System.nanoTime() < end) {
					template.send(TOPIC, prefix + "-" + sender + "-" + n++);
					admitted.add(System.nanoTime());
				}
				return null;
			});
		}
		senders.shutdown();
		assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		template.flush();
		return new ArrayList<>(admitted);
	}

	static List<ConsumerRecord<String, String>> recordsOnTheBroker(String prefix, int expected) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.kafka().bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
			TopicPartition partition = new TopicPartition(TOPIC, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.value().startsWith(prefix + "-")) {
						records.add(record);
					}
				});
			}
		}
		return records;
	}

	@Test
	void theLimitHoldsOnWhatReachesTheBrokerAndLiftingItRestoresFullSpeed() throws Exception {
		Http.Response set = admin.post("/actuator/reliable/switches/producer.rate-limit",
				"{\"value\":\"" + LIMIT + "\",\"reason\":\"downstream overloaded\"}");
		assertThat(set.status()).as(set.body()).isEqualTo(200);

		List<Long> limited = sendFlatOut(Duration.ofSeconds(3), "limited");

		int tolerance = SENDERS + 1;
		assertThat(SendRateLimiterTest.maxInAnyWindow(limited, Duration.ofSeconds(1))).isLessThanOrEqualTo(LIMIT + tolerance);
		List<ConsumerRecord<String, String>> onBroker = recordsOnTheBroker("limited", limited.size());
		assertThat(onBroker).hasSize(limited.size());
		List<Long> brokerTimes = onBroker.stream().map((record) -> record.timestamp() * 1_000_000).toList();
		assertThat(SendRateLimiterTest.maxInAnyWindow(brokerTimes, Duration.ofSeconds(1))).isLessThanOrEqualTo(LIMIT + tolerance);
		FunctionTimer throttled = app.getBean(MeterRegistry.class).get("reliable.producer.throttled").functionTimer();
		assertThat(throttled.count()).isGreaterThan(0);
		assertThat(admin.get("/actuator/reliable/audit?name=producer.rate-limit").body()).contains("\"newValue\":\"" + LIMIT + "\"")
			.contains("downstream overloaded");

		assertThat(admin.post("/actuator/reliable/switches/producer.rate-limit", "{\"value\":\"0\"}").status()).isEqualTo(200);

		List<Long> unlimited = sendFlatOut(Duration.ofSeconds(1), "unlimited");
		System.out.printf("[measured] limit %d/s, %d senders for 3 s: %d sends, at most %d in any second (broker timestamps: %d); unlimited: %d sends in 1 s%n",
				LIMIT, SENDERS, limited.size(), SendRateLimiterTest.maxInAnyWindow(limited, Duration.ofSeconds(1)),
				SendRateLimiterTest.maxInAnyWindow(brokerTimes, Duration.ofSeconds(1)), unlimited.size());
		assertThat(unlimited.size()).as("unthrottled sends in one second").isGreaterThan(4 * LIMIT);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class RateLimitedApp {

	}

}
