package io.github.reliablemessaging.ordered;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ordered.app.OrderedApp;
import io.github.reliablemessaging.ordered.app.OrderedApp.Seen;
import io.github.reliablemessaging.ordered.support.Http;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A Spring Boot application with {@code @KafkaListener}s on the ordered container, driven over HTTP like an operator. */
class OrderedListenerApplicationTest {

	static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

	static final Duration LONG = Duration.ofSeconds(60);

	static ConfigurableApplicationContext context;

	static OrderedApp app;

	static Http http;

	static KafkaProducer<String, String> producer;

	static RealKafka kafka = SharedInfrastructure.kafka();

	@BeforeAll
	static void start() {
		context = OrderedApp.start(SUFFIX);
		app = context.getBean(OrderedApp.class);
		http = Http.of(context);
		producer = SequenceData.producer(kafka);
		for (String id : List.of("orders", "payments", "stuck")) {
			await().atMost(LONG).until(() -> container(id).getAssignedPartitions().size() == 3);
		}
	}

	@AfterAll
	static void stop() {
		producer.close();
		context.close();
	}

	static OrderedMessageListenerContainer<?, ?> container(String id) {
		return (OrderedMessageListenerContainer<?, ?>) context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(id);
	}

	static long send(String topic, Integer partition, String key, String value) {
		try {
			return producer.send(new ProducerRecord<>(topic, partition, key, value)).get(10, TimeUnit.SECONDS).offset();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String orders() {
		return "ordered-orders-" + SUFFIX;
	}

	@Test
	void recordsReachTheListenerConvertedOnNamedWorkersWithTheConsumerContextBound() {
		String id = "conv-" + UUID.randomUUID();
		for (int seq = 0; seq < 30; seq++) {
			send(orders(), null, id + "-" + (seq % 3), "{\"id\":\"" + id + "\",\"seq\":" + seq + ",\"state\":\"NEW\"}");
		}
		await().atMost(LONG).until(() -> mine(id).size() == 30);

		List<Seen> seen = mine(id);
		assertThat(seen).allSatisfy((s) -> {
			assertThat(s.thread()).matches("reliable-ordered-orders-\\d+");
			assertThat(s.currentRecordBound()).as("CurrentRecord bound on the worker").isTrue();
			assertThat(s.groupId()).isEqualTo("orders-" + SUFFIX);
		});
		for (int k = 0; k < 3; k++) {
			String key = id + "-" + k;
			List<Integer> sequence = seen.stream().filter((s) -> s.key().equals(key))
				.map((s) -> Integer.parseInt(s.value().split(":")[1]))
				.toList();
			assertThat(sequence).as("per-key order of " + key).isSorted().hasSize(10);
		}
	}

	private static List<Seen> mine(String id) {
		return app.seen("orders").stream().filter((s) -> s.value().startsWith(id + ":")).toList();
	}

	@Test
	void aPoisonRecordIsRetriedWhileOtherKeysOfItsQueueFlowAndThenGoesToTheDeadLetterTopic() throws Exception {
		String topic = "ordered-payments-" + SUFFIX;
		// one worker: every key of the listener shares the poison's queue
		assertThat(container("payments").stats().concurrency()).isEqualTo(1);
		// one burst, so that every record is in the log well before the poison's retries (3 x 1 s) end
		java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> poison = producer
			.send(new ProducerRecord<>(topic, 0, "P", "poison-1"));
		for (int i = 0; i < 50; i++) {
			producer.send(new ProducerRecord<>(topic, 0, "c-" + i, "pay-" + i));
		}
		for (int i = 1; i <= 3; i++) {
			producer.send(new ProducerRecord<>(topic, 0, "P", "after-" + i));
		}
		producer.flush();
		long poisonOffset = poison.get(10, TimeUnit.SECONDS).offset();

		List<ConsumerRecord<String, String>> deadLetters = read(topic + "-dlt", 1);
		assertThat(deadLetters).singleElement().satisfies((dlt) -> {
			assertThat(dlt.value()).isEqualTo("poison-1");
			assertThat(dlt.key()).isEqualTo("P");
			assertThat(header(dlt, "kafka_dlt-original-offset")).isEqualTo(poisonOffset);
			assertThat(new String(dlt.headers().lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
				.contains("cannot pay poison-1");
			assertThat(new String(dlt.headers().lastHeader("kafka_dlt-original-consumer-group").value(), StandardCharsets.UTF_8))
				.isEqualTo("payments-" + SUFFIX);
		});
		assertThat(app.paymentPoisonAttempts).hasValue(4);
		await().atMost(LONG).until(() -> app.seen("payments").size() == 53);

		long lastAttempt = app.paymentPoisonAttemptNanos.get(3);
		List<Seen> seen = app.seen("payments");
		assertThat(seen.stream().filter((s) -> s.key().startsWith("c-")))
			.as("other keys of the same queue were processed during the poison's retries").hasSize(50)
			.allSatisfy((s) -> assertThat(s.nanos()).isLessThan(lastAttempt));
		List<Seen> keyP = seen.stream().filter((s) -> s.key().equals("P")).toList();
		assertThat(keyP).extracting(Seen::value).containsExactly("after-1", "after-2", "after-3");
		assertThat(keyP).allSatisfy((s) -> assertThat(s.nanos()).as("the key waited for its poison record")
			.isGreaterThan(lastAttempt));
		assertThat(container("payments").stats().deadLettered()).isEqualTo(1);
		assertThat(container("payments").stats().retries()).isEqualTo(3);

		Map<TopicPartition, Long> ends = SequenceData.endOffsets(kafka, topic, 3);
		await().atMost(LONG).until(() -> ends.equals(withZeros(SequenceData.committed(kafka, "payments-" + SUFFIX), ends)));
	}

	@Test
	void skipDrillOverTheOperationsEndpointMovesPastARecordStuckInRetry() {
		String topic = "ordered-stuck-" + SUFFIX;
		TopicPartition partition = new TopicPartition(topic, 1);
		long poison = send(topic, 1, "K", "poison-" + UUID.randomUUID());
		send(topic, 1, "K", "k-after-1");
		send(topic, 1, "K", "k-after-2");
		for (int i = 0; i < 5; i++) {
			send(topic, 1, "other-" + i, "other-" + i);
		}
		await().atMost(LONG).until(() -> app.stuckPoisonAttempts.get() >= 5
				&& app.seen("stuck").stream().filter((s) -> s.key().startsWith("other-")).count() >= 5);
		assertThat(app.seen("stuck")).noneMatch((s) -> s.key().equals("K"));
		Long committedBefore = SequenceData.committed(kafka, "stuck-" + SUFFIX).get(partition);
		assertThat(committedBefore).as("nothing committed past the stuck record").satisfiesAnyOf(
				(c) -> assertThat(c).isNull(), (c) -> assertThat(c).isLessThanOrEqualTo(poison));

		Http.Response skip = http.post("/actuator/reliable/listeners/stuck/skip", "{\"topic\":\"" + topic
				+ "\",\"partition\":1,\"count\":1,\"reason\":\"poison drill\"}");

		assertThat(skip.status()).as(skip.body()).isEqualTo(200);
		await().atMost(LONG).until(() -> app.seen("stuck").stream().filter((s) -> s.key().equals("K")).count() == 2);
		assertThat(app.seen("stuck").stream().filter((s) -> s.key().equals("K")).map(Seen::value))
			.containsExactly("k-after-1", "k-after-2");
		long end = SequenceData.endOffsets(kafka, topic, 3).get(partition);
		await().atMost(LONG).until(() -> Long.valueOf(end).equals(SequenceData.committed(kafka, "stuck-" + SUFFIX).get(partition)));
		assertThat(app.seen("stuck")).noneMatch((s) -> s.value().startsWith("poison"));
		int attempts = app.stuckPoisonAttempts.get();
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> app.stuckPoisonAttempts.get() == attempts);
		assertThat(http.get("/actuator/reliable/audit").body()).contains("skip:stuck:" + topic + "-1");
	}

	@Test
	void workerCountAndMultithreadingAreSwitchedAtRuntimeOverTheSwitchBoard() {
		Http.Response refused = http.post("/actuator/reliable/switches/ordered.orders.concurrency", "{\"value\":\"5000\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("must be between 1 and 1024");

		Http.Response grown = http.post("/actuator/reliable/switches/ordered.orders.concurrency",
				"{\"value\":\"12\",\"reason\":\"peak\"}");
		assertThat(grown.status()).as(grown.body()).isEqualTo(200);
		await().atMost(LONG).until(() -> container("orders").stats().concurrency() == 12);
		String wide = sendOrders(200);
		await().atMost(LONG).until(() -> mine(wide).size() == 200);
		assertThat(mine(wide).stream().map(Seen::thread).distinct().count()).as("work spread over the new workers").isGreaterThan(4);

		Http.Response single = http.post("/actuator/reliable/switches/ordered.orders.multithreaded", "{\"value\":\"false\"}");
		assertThat(single.status()).as(single.body()).isEqualTo(200);
		await().atMost(LONG).until(() -> container("orders").stats().concurrency() == 1);
		String narrow = sendOrders(50);
		await().atMost(LONG).until(() -> mine(narrow).size() == 50);
		assertThat(mine(narrow)).extracting(Seen::thread).containsOnly("reliable-ordered-orders-0");

		http.post("/actuator/reliable/switches/ordered.orders.multithreaded", "{\"value\":\"true\"}");
		await().atMost(LONG).until(() -> container("orders").stats().concurrency() == 12);
		assertThat(container("orders").stats().resizes()).isGreaterThanOrEqualTo(3);
	}

	private static String sendOrders(int count) {
		String id = "sw-" + UUID.randomUUID();
		for (int seq = 0; seq < count; seq++) {
			send(orders(), null, id + "-" + seq, "{\"id\":\"" + id + "\",\"seq\":" + seq + ",\"state\":\"NEW\"}");
		}
		return id;
	}

	@Test
	void aRecordThatCannotBeConvertedIsNotRetriedAndGoesStraightToTheDeadLetterTopic() {
		long retriesBefore = container("orders").stats().retries();
		long offset = send(orders(), 2, "bad", "{not json");
		List<ConsumerRecord<String, String>> deadLetters = read(orders() + "-dlt", 1);
		assertThat(deadLetters).singleElement().satisfies((dlt) -> {
			assertThat(dlt.value()).isEqualTo("{not json");
			assertThat(header(dlt, "kafka_dlt-original-offset")).isEqualTo(offset);
			assertThat(new String(dlt.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value(), StandardCharsets.UTF_8))
				.contains("Conversion");
		});
		assertThat(container("orders").stats().retries()).as("not retried").isEqualTo(retriesBefore);
		assertThat(app.seen("orders")).noneMatch((s) -> s.key().equals("bad"));
	}

	@Test
	void groupsUseCooperativeStickyAssignmentUnlessTheListenerChoseAnAssignor() throws Exception {
		try (Admin admin = Admin.create(kafka.clientProperties())) {
			Map<String, ConsumerGroupDescription> groups = admin
				.describeConsumerGroups(List.of("orders-" + SUFFIX, "payments-" + SUFFIX))
				.all()
				.get(30, TimeUnit.SECONDS);
			assertThat(groups.get("orders-" + SUFFIX).partitionAssignor()).isEqualTo("cooperative-sticky");
			assertThat(groups.get("payments-" + SUFFIX).partitionAssignor()).isEqualTo("roundrobin");
		}
	}

	@Test
	void metersAreExposedPerListener() {
		String id = sendOrders(5);
		await().atMost(LONG).until(() -> mine(id).size() == 5);
		Http.Response records = http.get("/actuator/metrics/reliable.ordered.records?tag=listener:orders");
		assertThat(records.status()).as(records.body()).isEqualTo(200);
		assertThat(records.body()).contains("\"name\":\"reliable.ordered.records\"");
		for (String meter : List.of("reliable.ordered.queue.depth", "reliable.ordered.in.flight", "reliable.ordered.commit.lag",
				"reliable.ordered.paused.partitions", "reliable.ordered.processing", "reliable.ordered.resizes",
				"reliable.ordered.retries", "reliable.ordered.dead.lettered", "reliable.ordered.concurrency")) {
			assertThat(http.get("/actuator/metrics/" + meter + "?tag=listener:orders").status()).as(meter).isEqualTo(200);
		}
	}

	@Test
	void pausingTheListenerOverTheOperationsEndpointStopsConsumptionUntilResumed() {
		Http.Response paused = http.post("/actuator/reliable/listeners/orders/pause", "{\"reason\":\"drill\"}");
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		await().atMost(LONG).until(() -> container("orders").isContainerPaused());
		String id = sendOrders(3);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> mine(id).isEmpty());

		assertThat(http.post("/actuator/reliable/listeners/orders/resume", "{}").status()).isEqualTo(200);
		await().atMost(LONG).until(() -> mine(id).size() == 3);
		assertThat(container("orders").isContainerPaused()).isFalse();
	}

	private static Map<TopicPartition, Long> withZeros(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
		Map<TopicPartition, Long> result = new java.util.HashMap<>();
		ends.forEach((tp, end) -> result.put(tp, committed.getOrDefault(tp, 0L)));
		return result;
	}

	private static long header(ConsumerRecord<?, ?> record, String name) {
		byte[] value = record.headers().lastHeader(name).value();
		return (value.length == 8) ? java.nio.ByteBuffer.wrap(value).getLong() : java.nio.ByteBuffer.wrap(value).getInt();
	}

	static List<ConsumerRecord<String, String>> read(String topic, int expected) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.assign(SequenceData.partitions(topic, 3));
			consumer.seekToBeginning(consumer.assignment());
			List<ConsumerRecord<String, String>> records = new ArrayList<>();
			long deadline = System.nanoTime() + LONG.toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

}
