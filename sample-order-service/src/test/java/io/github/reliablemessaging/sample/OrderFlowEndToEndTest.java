package io.github.reliablemessaging.sample;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.reliablemessaging.sample.fulfilment.FulfilmentListener;
import io.github.reliablemessaging.sample.order.OrderStatus;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole flow on real servers started by the application (in-JVM Kafka, three MariaDB, Redis): 5 000 orders of
 * 1 000 buyers through their life cycle by the load generator, 10 % of the events delivered twice, the fulfilment
 * consumer stopped and restarted mid-stream. Then: every order's timeline is complete and in order with one effect
 * per status, the group has committed to the end of every partition, and the scatter-gather statistics equal a direct
 * count on the sets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD,
		SampleTestProperties.THIRD_SET })
class OrderFlowEndToEndTest {

	private static final int ORDERS = 5_000;

	private static final int USERS = 1_000;

	private static final long FIRST_USER = 100_000;

	@LocalServerPort
	int port;

	@Autowired
	ShardedStore store;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Environment environment;

	@Autowired
	JsonMapper json;

	@Value("${sample.topics.order-events.name}")
	String topic;

	@Test
	void fiveThousandOrdersWithDuplicatesAndAConsumerRestartEndInCompleteOrderedTimelines() throws Exception {
		TestHttp http = new TestHttp(this.port);
		double duplicatesBefore = duplicatesSkipped();
		double outOfOrderBefore = this.meters.counter("sample.fulfilment.out.of.order").count();

		HttpResponse<String> started = http.post("/load", "{\"orders\":" + ORDERS + ",\"users\":" + USERS
				+ ",\"firstUserId\":" + FIRST_USER + ",\"duplicates\":0.1,\"cancelled\":0.1,\"threads\":8}", TestHttp.ADMIN);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String job = this.json.readTree(started.body()).get("id").asText();

		// a consumer restart mid-stream: stop once a quarter of the orders reached fulfilment, start again later
		MessageListenerContainer container = this.listeners.getListenerContainer(FulfilmentListener.ID);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
			.until(() -> count("SELECT COUNT(*) FROM order_projection WHERE user_id >= " + FIRST_USER + " AND user_id < "
					+ (FIRST_USER + USERS) + " AND "
					+ SampleTestProperties.OWNED) >= ORDERS / 4);
		container.stop();
		long atStop = count("SELECT COUNT(*) FROM order_timeline WHERE user_id >= " + FIRST_USER + " AND user_id < "
				+ (FIRST_USER + USERS) + " AND "
				+ SampleTestProperties.OWNED);
		await().atMost(Duration.ofSeconds(60)).until(() -> statusChanges(http, job) >= ORDERS * 2L);
		container.start();

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> loadDone(http, job));
		JsonNode load = this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body());
		assertThat(load.get("ordersFailed").asInt()).as(load.toString()).isZero();
		assertThat(load.get("ordersDone").asInt()).isEqualTo(ORDERS);

		// every event relayed and consumed: outbox empty, the group committed at the end of every partition
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
			.until(() -> count("SELECT COUNT(*) FROM order_outbox WHERE " + SampleTestProperties.OWNED) == 0 && groupLag() == 0);

		// every order's timeline: complete, in order, one effect per status
		TimelineCheck check = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + USERS);
		Map<Long, List<String>> expected = check.expected;
		Map<Long, List<String>> applied = check.applied;
		List<String> problems = check.problems;
		long events = expected.values().stream().mapToLong(List::size).sum();
		System.out.printf("End-to-end: %d orders, %d status events, load %s s, %.0f duplicate deliveries skipped, consumer"
				+ " stopped after %d timeline entries%n", expected.size(), events, load.get("seconds"),
				duplicatesSkipped() - duplicatesBefore, atStop);
		assertThat(expected).hasSize(ORDERS);
		assertThat(problems).as("timeline entries out of order or repeated").isEmpty();
		assertThat(applied).as("every order's timeline, in order, one entry per status").isEqualTo(expected);
		assertThat(this.meters.counter("sample.fulfilment.out.of.order").count()).isEqualTo(outOfOrderBefore);
		assertThat(duplicatesSkipped() - duplicatesBefore).as("duplicate deliveries skipped by idempotency")
			.isGreaterThan(ORDERS * 0.2);
		assertThat(atStop).as("the restart happened mid-stream").isGreaterThan(0)
			.isLessThan(expected.values().stream().mapToLong(List::size).sum());

		// statistics (scatter-gather over the API) equal a direct count on the sets
		JsonNode statistics = this.json.readTree(http.get("/orders/statistics", null).body());
		Map<String, long[]> counted = new HashMap<>();
		Map<String, BigDecimal> summed = new HashMap<>();
		for (String set : this.store.setNames()) {
			new JdbcTemplate(this.store.setDataSource(set)).query(
					"SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM orders WHERE " + SampleTestProperties.OWNED
							+ " GROUP BY status", (rs) -> {
						counted.computeIfAbsent(rs.getString("status"), (k) -> new long[1])[0] += rs.getLong("n");
						summed.merge(rs.getString("status"), rs.getBigDecimal("total"), BigDecimal::add);
					});
		}
		long total = 0;
		for (OrderStatus status : OrderStatus.values()) {
			JsonNode figures = statistics.get("byStatus").get(status.name());
			long direct = counted.getOrDefault(status.name(), new long[1])[0];
			total += direct;
			assertThat(figures.get("orders").asLong()).as(status + " count").isEqualTo(direct);
			assertThat(figures.get("amount").decimalValue())
				.as(status + " amount").isEqualByComparingTo(summed.getOrDefault(status.name(), BigDecimal.ZERO));
		}
		assertThat(statistics.get("orders").asLong()).isEqualTo(total);
		assertThat(counted.get("COMPLETED")[0]).as("most orders completed").isGreaterThan(ORDERS / 2);
		assertThat(counted.get("CANCELLED")[0]).as("some orders cancelled").isGreaterThan(0);
	}

	private double duplicatesSkipped() {
		return this.meters.find("reliable.idempotency.duplicates").counters().stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
	}

	private long count(String sql) {
		long total = 0;
		for (String set : this.store.setNames()) {
			Long n = new JdbcTemplate(this.store.setDataSource(set)).queryForObject(sql, Long.class);
			total += (n != null) ? n : 0;
		}
		return total;
	}

	private long statusChanges(TestHttp http, String job) throws Exception {
		return this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body()).get("statusChanges").asLong();
	}

	private boolean loadDone(TestHttp http, String job) throws Exception {
		return "DONE".equals(this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body()).get("state").asText());
	}

	private long groupLag() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.environment.getRequiredProperty("spring.kafka.bootstrap-servers")))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(FulfilmentListener.ID)
				.partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
			int partitions = admin.describeTopics(List.of(this.topic)).allTopicNames().get(30, TimeUnit.SECONDS)
				.get(this.topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				latest.put(new TopicPartition(this.topic, p), OffsetSpec.latest());
			}
			long lag = 0;
			for (Map.Entry<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> end : admin
				.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
			}
			return lag;
		}
	}

}
