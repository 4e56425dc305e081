package io.github.reliablemessaging.ops.monitoring.canary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canary on the real broker, as an operator reads it at {@code /actuator/reliable/canary}, in the health
 * endpoint and in the meters: in normal flow every record arrives once with a sane latency; re-published copies
 * show as duplicates; records deleted before they were read show as lost once the grace period is over, and the
 * health goes DOWN until the canary sees clean deliveries again. The scenarios run in order on one application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryEndToEndTest {

	static final String TOPIC = "canary-it-" + UUID.randomUUID();

	// long enough that a record read back late on a loaded 2-core machine is not counted lost
	static final Duration GRACE = Duration.ofSeconds(6);

	static ConfigurableApplicationContext app;

	static Http http;

	static Admin admin;

	@BeforeAll
	static void start() {
		app = new SpringApplicationBuilder(CanaryApp.class).properties(Map.ofEntries(
				Map.entry("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers()),
				Map.entry("server.port", "0"), Map.entry("spring.application.name", "canary-it"),
				Map.entry("reliable.switches.propagation.enabled", "false"),
				Map.entry("management.endpoints.web.exposure.include", "reliable,health"),
				Map.entry("management.endpoint.health.show-details", "always"),
				Map.entry("reliable.monitoring.canary.enabled", "true"), Map.entry("reliable.monitoring.canary.topic", TOPIC),
				Map.entry("reliable.monitoring.canary.partitions", "3"),
				Map.entry("reliable.monitoring.canary.interval", "100ms"),
				Map.entry("reliable.monitoring.canary.loss-grace", GRACE.toMillis() + "ms"),
				Map.entry("reliable.monitoring.canary.availability-window", "20")))
			.run();
		http = TestUsers.admin(Http.of(app));
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
	}

	@AfterAll
	static void stop() {
		admin.close();
		app.close();
	}

	static CanaryMonitor canary() {
		return app.getBean(CanaryMonitor.class);
	}

	static CanaryReport.PartitionReport partition(int partition) {
		return canary().report().partitions().get(partition);
	}

	@Test
	@Order(1)
	void inNormalFlowEveryRecordArrivesOnceWithASaneLatency() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> canary().isRunning() && canary().report().partitions().size() == 3
					&& canary().report().partitions().values().stream().allMatch((p) -> p.delivered() >= 20));

		String body = http.get("/actuator/reliable/canary").body();
		assertThat((String) JsonPath.read(body, "$.state")).isEqualTo("RUNNING");
		assertThat((Integer) JsonPath.read(body, "$.totals.lost")).isZero();
		assertThat((Integer) JsonPath.read(body, "$.totals.duplicates")).isZero();
		assertThat((Integer) JsonPath.read(body, "$.totals.sendErrors")).isZero();
		for (int p = 0; p < 3; p++) {
			Map<String, Object> latency = JsonPath.read(body, "$.partitions['" + p + "'].latencyMillis");
			long p50 = ((Number) latency.get("p50")).longValue();
			long p99 = ((Number) latency.get("p99")).longValue();
			long max = ((Number) latency.get("max")).longValue();
			assertThat(p50).isBetween(0L, p99);
			assertThat(p99).isBetween(p50, max);
			assertThat(max).as("every record arrived well within the grace period").isLessThan(GRACE.toMillis());
			assertThat((Double) JsonPath.read(body, "$.partitions['" + p + "'].availability")).isEqualTo(1.0);
		}
		System.out.println("[measured] canary after " + canary().report().totals() + ": " + JsonPath.read(body, "$.partitions[*].latencyMillis"));
		Http.Response health = http.get("/actuator/health/reliableCanary");
		assertThat(health.status()).as(health.body()).isEqualTo(200);
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		assertThat(meters.get("reliable.canary.latency").tag("partition", "1").timer().count()).isGreaterThan(0);
		assertThat(meters.get("reliable.canary.records.lost").tag("partition", "1").functionCounter().count()).isZero();
	}

	@Test
	@Order(2)
	void copiesOfARecordShowAsDuplicatesAndNothingElse() throws Exception {
		long duplicatesBefore = partition(1).duplicates();
		long lostBefore = canary().report().totals().lost();
		byte[] delivered = firstOwnRecord(1);

		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(TOPIC, 1, null, delivered)).get(10, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(TOPIC, 1, null, delivered)).get(10, TimeUnit.SECONDS);
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> partition(1).duplicates() == duplicatesBefore + 2);
		assertThat(canary().report().totals().lost()).isEqualTo(lostBefore);
		assertThat((Integer) JsonPath.read(http.get("/actuator/reliable/canary/1").body(), "$.duplicates"))
			.isEqualTo((int) duplicatesBefore + 2);
		assertThat(app.getBean(MeterRegistry.class).get("reliable.canary.records.duplicated").tag("partition", "1")
			.functionCounter().count()).isEqualTo(duplicatesBefore + 2);
		assertThat(http.get("/actuator/health/reliableCanary").status()).as("duplicates alone do not fail the health")
			.isEqualTo(200);
	}

	@Test
	@Order(3)
	void recordsDeletedBeforeTheyWereReadAreLostAfterTheGracePeriodAndTheHealthGoesDown() throws Exception {
		TopicPartition two = new TopicPartition(TOPIC, 2);
		long lostBefore = partition(2).lost();
		long sentAtPause = partition(2).sent();
		canary().pauseReading(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> partition(2).sent() >= sentAtPause + 10);
		long end = admin.listOffsets(Map.of(two, OffsetSpec.latest())).partitionResult(two).get(10, TimeUnit.SECONDS).offset();

		admin.deleteRecords(Map.of(two, RecordsToDelete.beforeOffset(end))).all().get(10, TimeUnit.SECONDS);
		canary().resumeReading(2);
		long sentAtResume = partition(2).sent();

		await().atMost(Duration.ofSeconds(30)).until(() -> partition(2).lost() >= lostBefore + 5);
		// deliveries go on after the gap, and the lost ones are no more than what was written while reading was paused
		await().atMost(Duration.ofSeconds(30)).until(() -> partition(2).delivered() > 0 && partition(2).pending() < 10
				&& partition(2).sent() > sentAtResume + 5);
		assertThat(partition(2).lost() - lostBefore).isBetween(5L, sentAtResume - sentAtPause + 2);
		assertThat(partition(0).lost()).isZero();
		assertThat(partition(1).lost()).isZero();

		Http.Response health = http.get("/actuator/health/reliableCanary");
		assertThat(health.status()).as(health.body()).isEqualTo(503);
		assertThat((Integer) JsonPath.read(health.body(), "$.details.partitions['2'].lost")).isGreaterThanOrEqualTo(5);
		assertThat((Integer) JsonPath.read(http.get("/actuator/reliable/canary").body(), "$.totals.lost"))
			.isGreaterThanOrEqualTo(5);
		assertThat(app.getBean(MeterRegistry.class).get("reliable.canary.records.lost").tag("partition", "2")
			.functionCounter().count()).isGreaterThanOrEqualTo(5);

		// once the latest records all arrive again, the canary is healthy again
		await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/actuator/health/reliableCanary").status() == 200);
	}

	@Test
	@Order(4)
	void anUnknownPartitionIsA404NamingThePartitions() {
		Http.Response missing = http.get("/actuator/reliable/canary/9");

		assertThat(missing.status()).isEqualTo(404);
		assertThat((String) JsonPath.read(missing.body(), "$.error")).isEqualTo("no canary partition '9'; partitions: [0, 1, 2]");
	}

	static byte[] firstOwnRecord(int partition) {
		String prefix = CanaryMonitor.FORMAT + "|" + canary().report().instance() + "|" + partition + "|";
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.kafka().bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			TopicPartition tp = new TopicPartition(TOPIC, partition);
			consumer.assign(List.of(tp));
			consumer.seekToBeginning(List.of(tp));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (new String(record.value(), java.nio.charset.StandardCharsets.UTF_8).startsWith(prefix)) {
						return record.value();
					}
				}
			}
		}
		throw new AssertionError("no canary record of this instance in partition " + partition);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class CanaryApp {

	}

}
