package io.github.reliablemessaging.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every listener, switch, replay and lag operation over HTTP against a running application and a real broker, as
 * the admin: the effect (records consumed or not, committed offsets, switch values, records re-published) and the
 * audit entry (who, what, before -> after, why) are asserted; dry runs change nothing and are not audited.
 */
class ListenerOperationsEndToEndTest {

	static final String TOPIC = "ops-orders-" + UUID.randomUUID();

	static final String GROUP = "ops-it-" + UUID.randomUUID();

	static final String CONTROL = "ops-control-" + UUID.randomUUID();

	static ConfigurableApplicationContext app;

	static Http http;

	static KafkaProducer<String, String> producer;

	static Admin admin;

	@BeforeAll
	static void start() {
		app = OperationsApp.start(TOPIC, GROUP, CONTROL);
		http = TestUsers.admin(Http.of(app));
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new StringSerializer());
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
		await().atMost(Duration.ofSeconds(30)).until(() -> container().getAssignedPartitions().size() == 3);
	}

	@AfterAll
	static void stop() {
		producer.close();
		admin.close();
		app.close();
	}

	static MessageListenerContainer container() {
		return app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders");
	}

	static OperationsApp listener() {
		return app.getBean(OperationsApp.class);
	}

	static long send(int partition, String value) {
		try {
			RecordMetadata metadata = producer.send(new ProducerRecord<>(TOPIC, partition, "k", value)).get(10, TimeUnit.SECONDS);
			return metadata.offset();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
		return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
	}

	static long committed(int partition) throws Exception {
		OffsetAndMetadata offset = committed().get(new TopicPartition(TOPIC, partition));
		return (offset != null) ? offset.offset() : -1;
	}

	static long occurrences(String value) {
		return listener().consumed.stream().filter(value::equals).count();
	}

	static Map<String, Object> latestAudit(String nameContains) {
		List<Map<String, Object>> entries = AuditLog.entries(http, nameContains);
		assertThat(entries).as("audit entries named like " + nameContains).isNotEmpty();
		return entries.get(0);
	}

	@Test
	void theListenersSwitchesAndLagAreReadable() {
		assertThat(JsonPath.<Map<String, Object>>read(http.get("/actuator/reliable").body(), "$.areas"))
			.containsOnlyKeys("audit", "drain", "lag", "listeners", "replay", "switches");
		Http.Response listeners = http.get("/actuator/reliable/listeners");
		assertThat(listeners.status()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(listeners.body(), "$[*].id")).containsExactly("orders");

		String orders = http.get("/actuator/reliable/listeners/orders").body();
		assertThat(JsonPath.<String>read(orders, "$.groupId")).isEqualTo(GROUP);
		assertThat(JsonPath.<List<String>>read(orders, "$.assignedPartitions")).containsExactly(TOPIC + "-0", TOPIC + "-1", TOPIC + "-2");

		String pausedSwitch = http.get("/actuator/reliable/switches/listener.orders.paused").body();
		assertThat(JsonPath.<String>read(pausedSwitch, "$.value")).isEqualTo("false");
		assertThat(JsonPath.<Map<String, Object>>read(http.get("/actuator/reliable/switches").body(), "$.switches"))
			.containsKeys("listener.orders.paused", "producer.rate-limit");

		send(0, "lag-probe-" + UUID.randomUUID());
		await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/actuator/reliable/lag/" + GROUP).status() == 200);
		String lag = http.get("/actuator/reliable/lag/" + GROUP).body();
		assertThat(JsonPath.<String>read(lag, "$.group")).isEqualTo(GROUP);
		assertThat(JsonPath.<Map<String, Object>>read(lag, "$.partitions")).containsKey(TOPIC + "-0");
	}

	@Test
	void pausingAListenerStopsItsConsumptionUntilResumedAndIsAudited() {
		Http.Response paused = http.post("/actuator/reliable/listeners/orders/pause", "{\"reason\":\"drill\"}");
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> container().isContainerPaused());
		assertThat(latestAudit("listener.orders.paused")).containsEntry("oldValue", "false")
			.containsEntry("newValue", "true")
			.containsEntry("actor", TestUsers.ADMIN)
			.containsEntry("reason", "drill");

		String value = "while-paused-" + UUID.randomUUID();
		send(0, value);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !listener().consumed.contains(value));

		assertThat(http.post("/actuator/reliable/listeners/orders/resume", "{\"reason\":\"drill over\"}").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(value));
		assertThat(latestAudit("listener.orders.paused")).containsEntry("oldValue", "true")
			.containsEntry("newValue", "false")
			.containsEntry("reason", "drill over");
	}

	@Test
	void pausingOnePartitionHoldsBackOnlyThatPartitionUntilResumed() {
		Http.Response paused = http.post("/actuator/reliable/listeners/orders/pause",
				"{\"topic\":\"" + TOPIC + "\",\"partition\":2,\"reason\":\"partition drill\"}");
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		assertThat(latestAudit("pause:orders:" + TOPIC + "-2")).containsEntry("oldValue", "consuming")
			.containsEntry("newValue", "paused")
			.containsEntry("reason", "partition drill");

		// the container pauses the partition before its next poll
		await().atMost(Duration.ofSeconds(10)).until(() -> container().isPartitionPaused(new TopicPartition(TOPIC, 2)));
		String held = "held-" + UUID.randomUUID();
		String flowing = "flowing-" + UUID.randomUUID();
		send(2, held);
		send(0, flowing);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(flowing));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !listener().consumed.contains(held));
		assertThat(JsonPath.<List<String>>read(http.get("/actuator/reliable/listeners/orders").body(), "$.pausedPartitions"))
			.containsExactly(TOPIC + "-2");

		assertThat(http.post("/actuator/reliable/listeners/orders/resume", "{\"topic\":\"" + TOPIC + "\",\"partition\":2}").status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(held));
		assertThat(latestAudit("resume:orders:" + TOPIC + "-2")).containsEntry("newValue", "consuming");
	}

	@Test
	void skipDrillOnePoisonRecordIsSkippedByOneCallConsumptionResumesAndTheRecordCanBeReplayed() throws Exception {
		long first = send(1, "before-poison-" + UUID.randomUUID());
		await().atMost(Duration.ofSeconds(20)).until(() -> committed(1) == first + 1);
		long poison = send(1, "poison-" + UUID.randomUUID());
		String after = "after-poison-" + UUID.randomUUID();
		send(1, after);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().failures.get() >= 3);
		assertThat(listener().consumed).doesNotContain(after);
		// the stuck partition shows as STALL in the lag report and makes the health indicator DOWN
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "STALL".equals(JsonPath.read(http.get("/actuator/reliable/lag/" + GROUP).body(), "$.status")));
		Http.Response health = http.get("/actuator/health/reliableConsumers");
		assertThat(health.status()).as(health.body()).isEqualTo(503);
		assertThat(health.body()).contains("STALL").contains(TOPIC + "-1");

		Http.Response skip = http.post("/actuator/reliable/listeners/orders/skip",
				"{\"topic\":\"" + TOPIC + "\",\"partition\":1,\"count\":1,\"reason\":\"poison\"}");
		assertThat(skip.status()).as(skip.body()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(after));
		await().atMost(Duration.ofSeconds(20)).until(() -> committed(1) >= poison + 2);
		await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/actuator/health/reliableConsumers").status() == 200);
		assertThat(latestAudit("skip:orders:" + TOPIC + "-1")).containsEntry("oldValue", "committed " + poison)
			.containsEntry("actor", TestUsers.ADMIN)
			.containsEntry("reason", "poison")
			.hasEntrySatisfying("newValue", (value) -> assertThat((String) value).startsWith("skip 1 "));

		// the skipped record is not lost: replay it to a parking topic for inspection
		Http.Response parked = http.post("/actuator/reliable/replay", "{\"topic\":\"" + TOPIC + "\",\"partition\":1,\"fromOffset\":"
				+ poison + ",\"toOffset\":" + poison + ",\"targetTopic\":\"" + OperationsApp.parked(TOPIC) + "\",\"reason\":\"inspect poison\"}");
		assertThat(parked.status()).as(parked.body()).isEqualTo(200);
		List<ConsumerRecord<String, String>> parkedRecords = readAll(OperationsApp.parked(TOPIC), 1);
		assertThat(parkedRecords).singleElement().satisfies((record) -> {
			assertThat(record.value()).startsWith("poison-");
			assertThat(new String(record.headers().lastHeader(ReplayService.ORIGIN_HEADER).value())).isEqualTo(TOPIC + "-1@" + poison);
		});
		assertThat(latestAudit("replay:" + TOPIC)).containsEntry("reason", "inspect poison")
			.hasEntrySatisfying("newValue", (value) -> assertThat((String) value).contains(TOPIC + "-1=[" + poison + ", " + (poison + 1) + ")")
				.contains(OperationsApp.parked(TOPIC)));
	}

	@Test
	void replayByTimeRangeRedeliversTheRecordsToTheListener() {
		Instant from = Instant.now().minusMillis(5);
		List<String> values = List.of("replay-a-" + UUID.randomUUID(), "replay-b-" + UUID.randomUUID());
		values.forEach((value) -> send(0, value));
		await().atMost(Duration.ofSeconds(20)).until(() -> values.stream().allMatch((v) -> occurrences(v) == 1));

		Http.Response job = http.post("/actuator/reliable/replay",
				"{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"from\":\"" + from + "\",\"reason\":\"lost rows\"}");
		assertThat(job.status()).as(job.body()).isEqualTo(200);
		String id = JsonPath.read(job.body(), "$.id");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "DONE".equals(JsonPath.read(http.get("/actuator/reliable/replay/" + id).body(), "$.state")));
		assertThat((Integer) JsonPath.read(http.get("/actuator/reliable/replay/" + id).body(), "$.published")).isEqualTo(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> values.stream().allMatch((v) -> occurrences(v) == 2));
		assertThat(latestAudit("replay:" + TOPIC)).containsEntry("reason", "lost rows")
			.hasEntrySatisfying("newValue", (value) -> assertThat((String) value).startsWith(id));
		assertThat(JsonPath.<List<String>>read(http.get("/actuator/reliable/replay").body(), "$.jobs[*].id")).contains(id);
	}

	@Test
	void seekToAnOffsetOrATimestampRedeliversFromThereAndIsAudited() throws Exception {
		Instant before = Instant.now().minusMillis(5);
		String value = "seek-me-" + UUID.randomUUID();
		long offset = send(2, value);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(value));
		await().atMost(Duration.ofSeconds(20)).until(() -> committed(2) == offset + 1);

		Http.Response seek = http.post("/actuator/reliable/listeners/orders/seek",
				"{\"topic\":\"" + TOPIC + "\",\"partition\":2,\"offset\":" + offset + ",\"reason\":\"reprocess\"}");
		assertThat(seek.status()).as(seek.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(value) == 2);
		await().atMost(Duration.ofSeconds(20)).until(() -> committed(2) == offset + 1);
		assertThat(latestAudit("seek:orders:" + TOPIC + "-2")).containsEntry("oldValue", "committed " + (offset + 1))
			.containsEntry("newValue", "next offset " + offset)
			.containsEntry("reason", "reprocess");

		Http.Response byTime = http.post("/actuator/reliable/listeners/orders/seek",
				"{\"topic\":\"" + TOPIC + "\",\"partition\":2,\"timestamp\":\"" + before + "\"}");
		assertThat(byTime.status()).as(byTime.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(byTime.body(), "$.targetOffset")).isEqualTo((int) offset);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(value) == 3);
	}

	@Test
	void everyDryRunSaysWhatWouldHappenChangesNothingAndIsNotAudited() throws Exception {
		// a record held back in a paused partition gives the skip something to skip
		TopicPartition zero = new TopicPartition(TOPIC, 0);
		assertThat(http.post("/actuator/reliable/listeners/orders/pause", "{\"topic\":\"" + TOPIC + "\",\"partition\":0}").status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> container().isPartitionPaused(zero));
		String waiting = "dry-" + UUID.randomUUID();
		long offset = send(0, waiting);
		Map<TopicPartition, OffsetAndMetadata> offsetsBefore = committed();
		Map<String, SwitchBoard.SwitchView> switchesBefore = app.getBean(SwitchBoard.class).list();
		int jobsBefore = app.getBean(ReplayService.class).jobs().size();
		int auditBefore = AuditLog.all(http).size();

		Map<String, String> calls = Map.of(
				"/actuator/reliable/switches/producer.rate-limit", "{\"value\":\"10\",\"dryRun\":true}",
				"/actuator/reliable/listeners/orders/pause", "{\"dryRun\":true}",
				"/actuator/reliable/listeners/orders/resume", "{\"topic\":\"" + TOPIC + "\",\"partition\":1,\"dryRun\":true}",
				"/actuator/reliable/listeners/orders/seek", "{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"offset\":" + offset + ",\"dryRun\":true}",
				"/actuator/reliable/listeners/orders/skip", "{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"count\":3,\"dryRun\":true}",
				"/actuator/reliable/replay", "{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"fromOffset\":" + offset + ",\"toOffset\":" + offset + ",\"dryRun\":true}");
		List<String> answers = new ArrayList<>();
		calls.forEach((path, body) -> {
			Http.Response plan = http.post(path, body);
			assertThat(plan.status()).as(path + " " + plan.body()).isEqualTo(200);
			assertThat((Boolean) JsonPath.read(plan.body(), "$.dryRun")).as(path).isTrue();
			answers.add(plan.body());
		});

		assertThat(String.join("\n", answers)).contains("\"to\":\"10\"")
			.contains("pause listener orders on every instance (switch listener.orders.paused false -> true)")
			.contains("resume partition " + TOPIC + "-1 of listener orders in this instance")
			.contains("\"targetOffset\":" + offset)
			.contains("records [" + offset + ", " + (offset + 1) + ") are skipped")
			.contains("\"records\":1");
		assertThat(committed()).isEqualTo(offsetsBefore);
		assertThat(app.getBean(SwitchBoard.class).list()).isEqualTo(switchesBefore);
		assertThat(container().isPauseRequested()).isFalse();
		assertThat(container().isPartitionPauseRequested(zero)).isTrue();
		assertThat(container().isPartitionPauseRequested(new TopicPartition(TOPIC, 1))).isFalse();
		assertThat(app.getBean(ReplayService.class).jobs()).hasSize(jobsBefore);
		assertThat(AuditLog.all(http)).hasSize(auditBefore);

		assertThat(http.post("/actuator/reliable/listeners/orders/resume", "{\"topic\":\"" + TOPIC + "\",\"partition\":0}").status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(waiting) == 1 && committed(0) == offset + 1);
	}

	@Test
	void anotherApplicationJoiningTheGroupIsRefusedAtStartUpWithTheMembersNamed() {
		assertThatThrownBy(() -> OperationsApp.start("intruder-app", TOPIC, GROUP, CONTROL).close())
			.hasStackTraceContaining("already used by another application")
			.hasStackTraceContaining("client ops-it");
		assertThat(container().getAssignedPartitions()).hasSize(3);
	}

	@Test
	void switchSetOnOneInstanceIsInForceOnAnotherAndSurvivesItsRestart() {
		ConfigurableApplicationContext first = OperationsApp.start(TOPIC, "ops-other-" + UUID.randomUUID(), CONTROL);
		ConfigurableApplicationContext other = first;
		try {
			Http.Response set = http.post("/actuator/reliable/switches/listener.orders.paused", "{\"value\":\"true\",\"reason\":\"propagation drill\"}");
			assertThat(set.status()).as(set.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> first.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isPauseRequested());
			assertThat(first.getBean(SwitchBoard.class).auditLog()).anySatisfy((entry) -> {
				assertThat(entry.name()).isEqualTo("listener.orders.paused");
				assertThat(entry.source()).isEqualTo("propagated");
				assertThat(entry.actor()).isEqualTo(TestUsers.ADMIN);
			});

			first.close();
			other = OperationsApp.start(TOPIC, "ops-other-" + UUID.randomUUID(), CONTROL);
			assertThat(other.getBean(SwitchBoard.class).value("listener.orders.paused")).contains(true);
			assertThat(other.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isPauseRequested()).isTrue();
		}
		finally {
			http.post("/actuator/reliable/switches/listener.orders.paused", "{\"value\":\"false\",\"reason\":\"drill over\"}");
			other.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !container().isPauseRequested());
	}

	static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.kafka().bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.assign(List.of(new TopicPartition(topic, 0)));
			List<ConsumerRecord<String, String>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

}
