package io.github.reliablemessaging.ordered.drain;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;
import io.github.reliablemessaging.ordered.support.Http;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backlog drain of the operations toolkit with an ordered listener: the drain containers are ordered containers
 * made by {@code orderedKafkaListenerContainerFactory} running the same listener method; every record is processed,
 * no key out of order (per-key sequence numbers) — backlog, live records while draining, records after switch-back.
 */
class OrderedDrainTest {

	static final String TOPIC = "ordered-drain-" + UUID.randomUUID();

	static final String GROUP = "ordered-drain-" + UUID.randomUUID();

	static final Map<String, Long> produced = new ConcurrentHashMap<>();

	static final Map<String, Long> seen = new ConcurrentHashMap<>();

	static final AtomicLong violations = new AtomicLong();

	static final AtomicLong redeliveries = new AtomicLong();

	static final AtomicLong fromDrainTopic = new AtomicLong();

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@KafkaListener(id = "orders", topics = "${drain.topic}", groupId = "${drain.group}",
				containerFactory = "orderedKafkaListenerContainerFactory")
		void listen(ConsumerRecord<String, String> record) {
			LockSupport.parkNanos(200_000);
			if (record.topic().endsWith(".drain")) {
				fromDrainTopic.incrementAndGet();
			}
			long seq = Long.parseLong(record.value());
			seen.compute(record.key(), (key, last) -> {
				long expected = (last == null) ? 0 : last + 1;
				if (seq < expected) {
					redeliveries.incrementAndGet();
					return last;
				}
				if (seq > expected) {
					violations.incrementAndGet();
				}
				return seq;
			});
		}

	}

	static void produce(KafkaProducer<String, String> producer, int keys, int rounds) throws Exception {
		List<java.util.concurrent.Future<?>> results = new java.util.ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (int k = 0; k < keys; k++) {
				String key = "key-" + k;
				long seq = produced.merge(key, 1L, Long::sum) - 1;
				results.add(producer.send(new ProducerRecord<>(TOPIC, key, Long.toString(seq))));
			}
		}
		producer.flush();
		for (java.util.concurrent.Future<?> result : results) {
			result.get();   // a hole in the input would show as an order violation
		}
	}

	static boolean allSeen() {
		return produced.entrySet().stream().allMatch((e) -> Long.valueOf(e.getValue() - 1).equals(seen.get(e.getKey())));
	}

	@Test
	void anOrderedListenerIsDrainedThroughTenTimesThePartitionsInOrder() throws Exception {
		String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
				KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
						ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(), new StringSerializer())) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames()
				.get().get(TOPIC).partitions().stream().allMatch((p) -> p.leader() != null && p.leader().id() >= 0));
			produce(producer, 1000, 60);                                         // 60k records
			Map<String, Object> props = new HashMap<>();
			props.put("spring.kafka.bootstrap-servers", bootstrap);
			props.put("spring.kafka.consumer.auto-offset-reset", "earliest");
			props.put("spring.application.name", "ordered-drain-it");
			props.put("server.port", "0");
			props.put("management.endpoints.web.exposure.include", "*");
			props.put("reliable.switches.propagation.topic", "ordered-drain-control-" + GROUP);
			props.put("reliable.drain.control-topic", "ordered-drain-states-" + GROUP);
			props.put("reliable.drain.interval", "300ms");
			props.put("reliable.ordered.listeners.orders.concurrency", "4");
			props.put("reliable.monitoring.lag.enabled", "false");
			props.put("drain.topic", TOPIC);
			props.put("drain.group", GROUP);
			ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties(props).run();
			try {
				Http http = Http.of(app);
				assertThat(app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders"))
					.isInstanceOf(OrderedMessageListenerContainer.class);
				Http.Response plan = http.post("/actuator/reliable/drain/orders", "{\"multiplier\":10,\"dryRun\":true}");
				assertThat(plan.status()).as(plan.body()).isEqualTo(200);
				assertThat((String) JsonPath.read(plan.body(), "$.plan.containerFactory")).isEqualTo("orderedKafkaListenerContainerFactory");
				Http.Response started = http.post("/actuator/reliable/drain/orders", "{\"multiplier\":10,\"switchBackLag\":300}");
				assertThat(started.status()).as(started.body()).isEqualTo(200);
				for (int i = 0; i < 5; i++) {                                    // live records while draining
					produce(producer, 1000, 1);
					Thread.sleep(300);
				}
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
					.until(() -> "DONE".equals(JsonPath.read(http.get("/actuator/reliable/drain/orders").body(), "$.phase")));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isRunning());
				produce(producer, 1000, 3);                                      // after switch-back
				await().atMost(Duration.ofSeconds(60)).until(OrderedDrainTest::allSeen);
				String summary = "violations=" + violations + " redeliveries=" + redeliveries + " fromDrainTopic=" + fromDrainTopic;
				assertThat(violations).as(summary).hasValue(0);
				assertThat(fromDrainTopic.get()).as(summary).isGreaterThan(10_000);
				System.out.println("ordered drain: " + summary);
			}
			finally {
				app.close();
			}
		}
	}

}
