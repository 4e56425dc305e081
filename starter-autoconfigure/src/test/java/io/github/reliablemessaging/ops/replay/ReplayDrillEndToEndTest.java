package io.github.reliablemessaging.ops.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.AuditLog;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay drills of the runbook on a real broker and a real MySQL-compatible server: business rows written by a
 * listener are deleted in an "incident" and a replay of the topic by time range, one HTTP call, restores them; a
 * {@link ReplaySource} re-pushes events rebuilt from the business rows to a downstream consumer. Both dry-run first
 * (nothing changes) and are audited. (The idempotency half of the replay drill, "replaying already-applied records
 * changes nothing", belongs to the idempotency starter's tests.)
 */
class ReplayDrillEndToEndTest {

	static final String ORDERS = "drill-orders-" + UUID.randomUUID();

	static final String SHIPPING = "drill-shipping-" + UUID.randomUUID();

	static final String DATABASE = "replay_drill";

	static ConfigurableApplicationContext app;

	static Http http;

	@BeforeAll
	static void start() throws SQLException {
		RealMySql mysql = SharedInfrastructure.mysql();
		mysql.createDatabase(DATABASE);
		try (Connection connection = mysql.connect(DATABASE); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS orders");
			statement.execute("CREATE TABLE orders (order_id VARCHAR(40) PRIMARY KEY, status VARCHAR(20) NOT NULL, amount_cents BIGINT NOT NULL)");
		}
		app = new SpringApplicationBuilder(DrillApp.class).properties(Map.ofEntries(
				Map.entry("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers()),
				Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"), Map.entry("server.port", "0"),
				Map.entry("spring.application.name", "drill-it"), Map.entry("reliable.switches.propagation.enabled", "false"),
				Map.entry("management.endpoints.web.exposure.include", "reliable"), Map.entry("drill.orders", ORDERS),
				Map.entry("drill.shipping", SHIPPING)))
			.run();
		http = TestUsers.admin(Http.of(app));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	static Map<String, String> rows(String prefix) throws SQLException {
		Map<String, String> rows = new TreeMap<>();
		try (Connection connection = SharedInfrastructure.mysql().connect(DATABASE);
				ResultSet result = connection.createStatement()
					.executeQuery("SELECT order_id, status, amount_cents FROM orders WHERE order_id LIKE '" + prefix + "%'")) {
			while (result.next()) {
				rows.put(result.getString(1), result.getString(2) + "/" + result.getLong(3));
			}
		}
		return rows;
	}

	static void produceOrders(List<String> ids) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < ids.size(); i++) {
				producer.send(new ProducerRecord<>(ORDERS, ids.get(i), ids.get(i) + ",PAID," + (1000 + i))).get(10, TimeUnit.SECONDS);
			}
		}
	}

	static String awaitDone(String jobId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "DONE".equals(JsonPath.read(http.get("/actuator/reliable/replay/" + jobId).body(), "$.state")));
		return http.get("/actuator/reliable/replay/" + jobId).body();
	}

	@Test
	void businessRowsDeletedInAnIncidentAreRestoredByReplayingTheTopicsTimeRange() throws Exception {
		Instant from = Instant.now().minusMillis(5);
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			ids.add("A-" + i);
		}
		produceOrders(ids);
		await().atMost(Duration.ofSeconds(30)).until(() -> rows(ids.get(0).substring(0, 2)).keySet().containsAll(ids));
		Map<String, String> original = new TreeMap<>(rows("A-"));

		try (Connection connection = SharedInfrastructure.mysql().connect(DATABASE);
				Statement statement = connection.createStatement()) {
			assertThat(statement.executeUpdate("DELETE FROM orders WHERE order_id IN ('A-5','A-6','A-7','A-8','A-9','A-10','A-11','A-12','A-13','A-14')"))
				.isEqualTo(10);
		}

		Http.Response plan = http.post("/actuator/reliable/replay", "{\"topic\":\"" + ORDERS + "\",\"from\":\"" + from + "\",\"dryRun\":true}");
		assertThat(plan.status()).as(plan.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(plan.body(), "$.plan.records")).isEqualTo(30);
		assertThat(rows("A-")).hasSize(20);

		Http.Response job = http.post("/actuator/reliable/replay",
				"{\"topic\":\"" + ORDERS + "\",\"from\":\"" + from + "\",\"reason\":\"INC-7 restore deleted rows\"}");
		assertThat(job.status()).as(job.body()).isEqualTo(200);
		String done = awaitDone(JsonPath.read(job.body(), "$.id"));
		assertThat((Integer) JsonPath.read(done, "$.published")).isEqualTo(30);

		await().atMost(Duration.ofSeconds(30)).until(() -> rows("A-").equals(original));
		assertThat(AuditLog.entries(http, "replay:" + ORDERS)).first().satisfies((entry) -> {
			assertThat(entry).containsEntry("reason", "INC-7 restore deleted rows").containsEntry("actor", TestUsers.ADMIN);
			assertThat((String) entry.get("newValue")).startsWith((String) JsonPath.read(job.body(), "$.id"));
		});
	}

	@Test
	void aReplaySourceRePushesEventsRebuiltFromTheBusinessRows() throws Exception {
		List<String> ids = List.of("B-1", "B-2", "B-3");
		produceOrders(ids);
		await().atMost(Duration.ofSeconds(30)).until(() -> rows(ids.get(0).substring(0, 2)).keySet().containsAll(ids));
		DrillApp drill = app.getBean(DrillApp.class);

		Http.Response plan = http.post("/actuator/reliable/replay", "{\"source\":\"order-events\",\"ids\":\"B-1, B-3\",\"dryRun\":true}");
		assertThat(plan.status()).as(plan.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(plan.body(), "$.plan.messages")).isEqualTo(2);
		assertThat(JsonPath.<List<String>>read(plan.body(), "$.plan.firstKeys")).containsExactly("B-1", "B-3");
		assertThat(drill.shipped).isEmpty();

		Http.Response job = http.post("/actuator/reliable/replay", "{\"source\":\"order-events\",\"ids\":\"B-1,B-3\",\"reason\":\"shipping missed them\"}");
		assertThat(job.status()).as(job.body()).isEqualTo(200);
		String jobId = JsonPath.read(job.body(), "$.id");
		awaitDone(jobId);

		await().atMost(Duration.ofSeconds(30)).until(() -> drill.shipped.size() == 2);
		assertThat(drill.shipped).containsExactlyInAnyOrder("B-1:PAID@" + jobId, "B-3:PAID@" + jobId);
		assertThat(AuditLog.entries(http, "replay:order-events")).first()
			.satisfies((entry) -> assertThat(entry).containsEntry("reason", "shipping missed them"));
	}

	/** Writes orders to MySQL; ships order events; rebuilds order events from the rows for a re-push. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class DrillApp {

		final List<String> shipped = new CopyOnWriteArrayList<>();

		@Bean
		NewTopic drillOrders(@Value("${drill.orders}") String topic) {
			return TopicBuilder.name(topic).partitions(3).build();
		}

		@Bean
		NewTopic drillShipping(@Value("${drill.shipping}") String topic) {
			return TopicBuilder.name(topic).partitions(1).build();
		}

		@KafkaListener(id = "order-rows", topics = "${drill.orders}", groupId = "drill-rows-${drill.orders}")
		void storeOrder(ConsumerRecord<String, String> record) throws SQLException {
			String[] fields = record.value().split(",");
			try (Connection connection = SharedInfrastructure.mysql().connect(DATABASE);
					PreparedStatement upsert = connection.prepareStatement("INSERT INTO orders (order_id, status, amount_cents) VALUES (?, ?, ?) "
							+ "ON DUPLICATE KEY UPDATE status = VALUES(status), amount_cents = VALUES(amount_cents)")) {
				upsert.setString(1, fields[0]);
				upsert.setString(2, fields[1]);
				upsert.setLong(3, Long.parseLong(fields[2]));
				upsert.executeUpdate();
			}
		}

		@KafkaListener(id = "shipping", topics = "${drill.shipping}", groupId = "drill-shipping-${drill.shipping}")
		void ship(ConsumerRecord<String, String> record) {
			String job = new String(record.headers().lastHeader(ReplayService.REPLAY_HEADER).value());
			this.shipped.add(record.value() + "@" + job);
		}

		@Bean
		ReplaySource orderEvents(@Value("${drill.shipping}") String shipping) {
			return new ReplaySource() {

				@Override
				public String name() {
					return "order-events";
				}

				@Override
				public Stream<ReplayMessage> messages(ReplayQuery query) {
					List<ReplayMessage> messages = new ArrayList<>();
					try (Connection connection = SharedInfrastructure.mysql().connect(DATABASE);
							PreparedStatement select = connection.prepareStatement(
									"SELECT order_id, status FROM orders WHERE order_id = ? ORDER BY order_id")) {
						for (String id : query.ids()) {
							select.setString(1, id);
							try (ResultSet row = select.executeQuery()) {
								while (row.next()) {
									messages.add(new ReplayMessage(shipping, row.getString(1), row.getString(1) + ":" + row.getString(2)));
								}
							}
						}
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
					return messages.stream();
				}

			};
		}

	}

}
