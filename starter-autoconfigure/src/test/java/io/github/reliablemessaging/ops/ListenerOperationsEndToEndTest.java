package io.github.reliablemessaging.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every listener operation over HTTP against a running application and a real broker. */
class ListenerOperationsEndToEndTest {

	static final String GROUP = "ops-it-" + UUID.randomUUID();

	static final String CONTROL = "ops-control-" + UUID.randomUUID();

	static ConfigurableApplicationContext app;

	static Http http;

	static KafkaProducer<String, String> producer;

	static Admin admin;

	@BeforeAll
	static void start() {
		app = OperationsApp.start(GROUP, CONTROL);
		http = TestUsers.admin(Http.of(app));
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new StringSerializer());
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
		await().atMost(Duration.ofSeconds(30)).until(() -> registry().getListenerContainer("orders").getAssignedPartitions().size() == 3);
	}

	@AfterAll
	static void stop() {
		producer.close();
		admin.close();
		app.close();
	}

	static KafkaListenerEndpointRegistry registry() {
		return app.getBean(KafkaListenerEndpointRegistry.class);
	}

	static OperationsApp listener() {
		return app.getBean(OperationsApp.class);
	}

	static long send(int partition, String value) {
		try {
			RecordMetadata metadata = producer.send(new ProducerRecord<>(OperationsApp.TOPIC, partition, "k", value)).get(10, TimeUnit.SECONDS);
			return metadata.offset();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
		return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
	}

	@Test
	void listenersAndTheirPauseSwitchesAreListed() {
		Http.Response listeners = http.get("/actuator/reliable/listeners");
		assertThat(listeners.status()).isEqualTo(200);
		assertThat(listeners.body()).contains("\"id\":\"orders\"").contains(GROUP).contains("ops-orders-0");

		Http.Response switches = http.get("/actuator/reliable/switches");
		assertThat(switches.body()).contains("listener.orders.paused");
	}

	@Test
	void pausingAListenerStopsItsConsumptionUntilResumedAndIsAudited() {
		Http.Response paused = http.post("/actuator/reliable/listeners/orders/pause", "{\"reason\":\"drill\"}");
		assertThat(paused.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> registry().getListenerContainer("orders").isContainerPaused());

		String value = "while-paused-" + UUID.randomUUID();
		send(0, value);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !listener().consumed.contains(value));

		assertThat(http.post("/actuator/reliable/listeners/orders/resume", "{\"reason\":\"drill over\"}").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(value));

		String audit = http.get("/actuator/reliable/audit").body();
		assertThat(audit).contains("\"name\":\"listener.orders.paused\"").contains("\"reason\":\"drill\"").contains("\"actor\":\"" + TestUsers.ADMIN + "\"");
	}

	@Test
	void skipDrillOnePoisonRecordIsSkippedByOneCallAndConsumptionResumes() throws Exception {
		long poison = send(1, "poison-" + UUID.randomUUID());
		String after = "after-poison-" + UUID.randomUUID();
		send(1, after);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().failures.get() >= 3);
		assertThat(listener().consumed).doesNotContain(after);
		// the stuck partition shows as STALL in the lag report and makes the health indicator DOWN
		await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/actuator/reliable/lag").body().contains("\"status\":\"STALL\""));
		Http.Response health = http.get("/actuator/health/reliableConsumers");
		assertThat(health.status()).as(health.body()).isEqualTo(503);
		assertThat(health.body()).contains("STALL").contains("ops-orders-1");

		Http.Response dryRun = http.post("/actuator/reliable/listeners/orders/skip",
				"{\"topic\":\"ops-orders\",\"partition\":1,\"count\":1,\"dryRun\":true}");
		assertThat(dryRun.status()).isEqualTo(200);
		assertThat(dryRun.body()).contains("\"dryRun\":true").contains("\"targetOffset\":" + (poison + 1));
		assertThat(listener().consumed).doesNotContain(after);

		Http.Response skip = http.post("/actuator/reliable/listeners/orders/skip",
				"{\"topic\":\"ops-orders\",\"partition\":1,\"count\":1,\"reason\":\"poison\"}");
		assertThat(skip.status()).as(skip.body()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(after));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> committed().get(new TopicPartition(OperationsApp.TOPIC, 1)).offset() >= poison + 2);
		await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/actuator/health/reliableConsumers").status() == 200);
		assertThat(http.get("/actuator/reliable/audit").body()).contains("skip:orders:ops-orders-1");

		// the skipped record is not lost: replay it to a parking topic for inspection
		Http.Response parked = http.post("/actuator/reliable/replay", "{\"topic\":\"ops-orders\",\"partition\":1,\"fromOffset\":" + poison
				+ ",\"toOffset\":" + poison + ",\"targetTopic\":\"" + OperationsApp.PARKED + "\",\"reason\":\"inspect poison\"}");
		assertThat(parked.status()).as(parked.body()).isEqualTo(200);
		List<ConsumerRecord<String, String>> parkedRecords = readAll(OperationsApp.PARKED, 1);
		assertThat(parkedRecords).singleElement().satisfies((record) -> {
			assertThat(record.value()).startsWith("poison-");
			assertThat(new String(record.headers().lastHeader("reliable-replay-origin").value())).isEqualTo("ops-orders-1@" + poison);
		});
	}

	@Test
	void replayByTimeRangeRedeliversTheRecordsToTheListener() {
		Instant from = Instant.now().minusMillis(5);
		List<String> values = List.of("replay-a-" + UUID.randomUUID(), "replay-b-" + UUID.randomUUID());
		values.forEach((value) -> send(0, value));
		await().atMost(Duration.ofSeconds(20)).until(() -> values.stream().allMatch((v) -> occurrences(v) == 1));

		Http.Response plan = http.post("/actuator/reliable/replay",
				"{\"topic\":\"ops-orders\",\"partition\":0,\"from\":\"" + from + "\",\"dryRun\":true}");
		assertThat(plan.status()).as(plan.body()).isEqualTo(200);
		assertThat(plan.body()).contains("\"records\":2");
		assertThat(values.stream().allMatch((v) -> occurrences(v) == 1)).isTrue();

		Http.Response job = http.post("/actuator/reliable/replay",
				"{\"topic\":\"ops-orders\",\"partition\":0,\"from\":\"" + from + "\",\"reason\":\"lost rows\"}");
		assertThat(job.status()).as(job.body()).isEqualTo(200);
		String id = job.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/actuator/reliable/replay/" + id).body().contains("\"state\":\"DONE\""));
		assertThat(http.get("/actuator/reliable/replay/" + id).body()).contains("\"published\":2");
		await().atMost(Duration.ofSeconds(20)).until(() -> values.stream().allMatch((v) -> occurrences(v) == 2));
	}

	static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.kafka().bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.assign(List.of(new TopicPartition(topic, 0)));
			List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	@Test
	void seekToAnOffsetOrATimestampRedeliversFromThere() {
		Instant before = Instant.now().minusMillis(5);
		String value = "seek-me-" + UUID.randomUUID();
		long offset = send(2, value);
		await().atMost(Duration.ofSeconds(20)).until(() -> listener().consumed.contains(value));

		Http.Response seek = http.post("/actuator/reliable/listeners/orders/seek",
				"{\"topic\":\"ops-orders\",\"partition\":2,\"offset\":" + offset + "}");
		assertThat(seek.status()).as(seek.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(value) == 2);

		Http.Response byTime = http.post("/actuator/reliable/listeners/orders/seek",
				"{\"topic\":\"ops-orders\",\"partition\":2,\"timestamp\":\"" + before + "\"}");
		assertThat(byTime.status()).as(byTime.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(value) == 3);
	}

	private static long occurrences(String value) {
		return listener().consumed.stream().filter(value::equals).count();
	}

	@ParameterizedTest(name = "{0} {1} -> {3}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			unknown area           | /actuator/reliable/nope                    | {}                                                      | 404 | unknown area 'nope'; areas: [audit, lag, listeners, replay, switches]
			listener 'nope'        | /actuator/reliable/listeners/nope/pause    | {}                                                      | 404 | unknown listener 'nope'; listeners: [orders]
			missing action         | /actuator/reliable/listeners/orders        | {}                                                      | 404 | actions: [pause, resume, seek, skip]
			unknown action         | /actuator/reliable/listeners/orders/explode | {}                                                     | 404 | unknown action 'explode'
			partition out of range | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":9,"offset":0}         | 400 | out of range
			negative partition     | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":-1,"offset":0}        | 400 | partition must be >= 0
			missing partition      | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","offset":0}                       | 400 | missing 'partition'
			negative offset        | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":0,"offset":-5}        | 400 | offset must be >= 0
			offset past log end    | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":0,"offset":999999}    | 400 | outside the log
			offset and timestamp   | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":0,"offset":0,"timestamp":"2026-01-01T00:00:00Z"} | 400 | exactly one of
			bad timestamp          | /actuator/reliable/listeners/orders/seek   | {"topic":"ops-orders","partition":0,"timestamp":"yesterday"} | 400 | ISO-8601
			negative skip          | /actuator/reliable/listeners/orders/skip   | {"topic":"ops-orders","partition":0,"count":-1}         | 400 | skip must be >= 1
			skip with offset       | /actuator/reliable/listeners/orders/skip   | {"topic":"ops-orders","partition":0,"offset":3}         | 400 | unknown field [offset]
			unknown topic          | /actuator/reliable/listeners/orders/seek   | {"topic":"no-such-topic","partition":0,"offset":0}      | 400 | does not consume topic 'no-such-topic'
			unknown switch         | /actuator/reliable/switches/nope           | {"value":"true"}                                        | 404 | unknown switch
			switch without value   | /actuator/reliable/switches/listener.orders.paused | {}                                              | 400 | missing 'value'
			switch not a boolean   | /actuator/reliable/switches/listener.orders.paused | {"value":"maybe"}                               | 400 | expected true or false
			replay from after to   | /actuator/reliable/replay | {"topic":"ops-orders","from":"2026-11-22T10:00:00Z","to":"2026-11-22T09:00:00Z"} | 400 | is not before
			replay no range        | /actuator/reliable/replay | {"topic":"ops-orders"}                                                      | 400 | either fromOffset/toOffset
			replay both ranges     | /actuator/reliable/replay | {"topic":"ops-orders","partition":0,"fromOffset":0,"toOffset":1,"from":"2026-11-22T10:00:00Z"} | 400 | not both
			replay offsets no part | /actuator/reliable/replay | {"topic":"ops-orders","fromOffset":0,"toOffset":1}                          | 400 | needs partition
			replay reversed offsets| /actuator/reliable/replay | {"topic":"ops-orders","partition":0,"fromOffset":5,"toOffset":1}            | 400 | is after toOffset
			replay past log end    | /actuator/reliable/replay | {"topic":"ops-orders","partition":0,"fromOffset":0,"toOffset":999999}       | 400 | outside the log
			replay bad partition   | /actuator/reliable/replay | {"topic":"ops-orders","partition":7,"from":"2026-11-22T10:00:00Z"}          | 400 | out of range
			replay unknown topic   | /actuator/reliable/replay | {"topic":"nope-topic","from":"2026-11-22T10:00:00Z"}                        | 400 | unknown topic
			replay unknown source  | /actuator/reliable/replay | {"source":"nope","from":"2026-11-22T10:00:00Z"}                             | 400 | unknown replay source
			replay bad time        | /actuator/reliable/replay | {"topic":"ops-orders","from":"last tuesday"}                                | 400 | ISO-8601
			""")
	void badInputIsRefusedWithTheReasonAndChangesNothing(String name, String path, String body, int status, String reason)
			throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsetsBefore = committed();
		Map<String, SwitchBoard.SwitchView> switchesBefore = app.getBean(SwitchBoard.class).list();

		Http.Response response = http.post(path, body);

		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains(reason).doesNotContain("Exception").doesNotContain("\tat ");
		assertThat(committed()).isEqualTo(offsetsBefore);
		assertThat(app.getBean(SwitchBoard.class).list()).isEqualTo(switchesBefore);
		assertThat(registry().getListenerContainer("orders").isPauseRequested()).isFalse();
		assertThat(app.getBean(io.github.reliablemessaging.ops.replay.ReplayService.class).jobs()).allMatch((job) -> !job.getDescription().contains("nope"));
	}

	@Test
	void anotherApplicationJoiningTheGroupIsRefusedAtStartUpWithTheMembersNamed() {
		assertThatThrownBy(() -> OperationsApp.start("intruder-app", GROUP, CONTROL).close())
			.hasStackTraceContaining("already used by another application")
			.hasStackTraceContaining("client ops-it");
		assertThat(registry().getListenerContainer("orders").getAssignedPartitions()).hasSize(3);
	}

	@Test
	void switchSetOnOneInstanceIsInForceOnAnotherAndSurvivesItsRestart() {
		ConfigurableApplicationContext first = OperationsApp.start("ops-other-" + UUID.randomUUID(), CONTROL);
		ConfigurableApplicationContext other = first;
		try {
			Http.Response set = http.post("/actuator/reliable/switches/listener.orders.paused", "{\"value\":\"true\",\"reason\":\"propagation drill\"}");
			assertThat(set.status()).as(set.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> first.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isPauseRequested());

			first.close();
			other = OperationsApp.start("ops-other-" + UUID.randomUUID(), CONTROL);
			assertThat(other.getBean(SwitchBoard.class).value("listener.orders.paused")).contains(true);
			assertThat(other.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isPauseRequested()).isTrue();
		}
		finally {
			http.post("/actuator/reliable/switches/listener.orders.paused", "{\"value\":\"false\",\"reason\":\"drill over\"}");
			other.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !registry().getListenerContainer("orders").isPauseRequested());
	}

}
