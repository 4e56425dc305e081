package io.github.reliablemessaging.sharding.rebalance;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rebalancing operations of {@code /actuator/reliable/sharding} in a Spring Boot application over three real
 * sets (a and b initialised, c added later): register a set, plan (dry run), bad input refused with a 400 and nothing
 * changed, a manual cutover that waits (progress, pause, resume, go), an abort before the flip that leaves the source
 * untouched and the target clean, and the meters.
 */
@SpringBootTest(classes = RebalanceOperationsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=reliable", "reliable.switches.propagation.enabled=false",
				"reliable.monitoring.lag.enabled=false", "spring.jpa.hibernate.ddl-auto=none",
				"spring.jpa.database-platform=org.hibernate.dialect.MariaDBDialect",
				"spring.autoconfigure.exclude=io.github.reliablemessaging.autoconfigure.ListenerOperationsAutoConfiguration,"
						+ "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebalanceOperationsTest {

	private static final String PREFIX = "rb_ops";

	@SpringBootApplication
	static class App {

	}

	@DynamicPropertySource
	static void sets(DynamicPropertyRegistry registry) {
		Map<String, RealMySql> hosts = RebalanceFixture.initialise(PREFIX);
		RealMySql meta = hosts.get("a");
		registry.add("reliable.sharding.metadata.url", () -> meta.jdbcUrl(PREFIX + "_meta"));
		registry.add("reliable.sharding.metadata.username", meta::username);
		registry.add("reliable.sharding.metadata.password", meta::password);
		hosts.forEach((name, server) -> {
			registry.add("reliable.sharding.sets." + name + ".url", () -> server.jdbcUrl(PREFIX + "_" + name));
			registry.add("reliable.sharding.sets." + name + ".username", server::username);
			registry.add("reliable.sharding.sets." + name + ".password", server::password);
		});
	}

	@LocalServerPort
	int port;

	@Autowired
	ShardedStore store;

	@Autowired
	MeterRegistry meters;

	@Test
	@Order(1)
	void aNewSetIsRegisteredOnlyWhenConfiguredReachableAndMigrated() throws Exception {
		assertThat(post("/actuator/reliable/sharding/sets", "{\"name\": \"zz\"}", 400)).contains("set 'zz' is not configured");
		assertThat(post("/actuator/reliable/sharding/sets", "{}", 400)).contains("missing 'name'");

		String checked = post("/actuator/reliable/sharding/sets", "{\"name\": \"c\", \"dryRun\": true}", 200);
		assertThat((Boolean) JsonPath.read(checked, "$.registered")).as("a dry run only checks").isFalse();
		assertThat(get("/actuator/reliable/sharding/sets", 200)).contains("\"registered\":[\"a\",\"b\"]");

		String c = post("/actuator/reliable/sharding/sets", "{\"name\": \"c\"}", 200);

		assertThat((Boolean) JsonPath.read(c, "$.binlogReadable")).isTrue();
		assertThat((Boolean) JsonPath.read(c, "$.migrated")).isTrue();
		assertThat(JsonPath.<List<String>>read(c, "$.slots")).isEmpty();
		assertThat(get("/actuator/reliable/sharding/sets", 200)).contains("\"configured\":[\"a\",\"b\",\"c\"]")
			.contains("\"registered\":[\"a\",\"b\",\"c\"]");
	}

	@Test
	@Order(2)
	void thePlanEvensSlotsOverTheSetsAndChangesNothing() throws Exception {
		long version = this.store.refreshRouting().version();

		String plan = post("/actuator/reliable/sharding/plan", "{}", 200);

		assertThat(JsonPath.<Map<String, Integer>>read(plan, "$.slotsBefore")).containsEntry("a", 128).containsEntry("b", 128)
			.containsEntry("c", 0);
		Map<String, Integer> after = JsonPath.read(plan, "$.slotsAfter");
		assertThat(after.values()).allSatisfy((n) -> assertThat(n).isBetween(85, 86));
		assertThat(JsonPath.<List<String>>read(plan, "$.moves[*].to")).hasSize(85).containsOnly("c");
		assertThat(JsonPath.<List<String>>read(plan, "$.moves[*].mode")).containsOnly("BINLOG");
		String dry = post("/actuator/reliable/sharding/rebalance", "{\"dryRun\": true}", 200);
		assertThat((Boolean) JsonPath.read(dry, "$.dryRun")).isTrue();
		assertThat(this.store.refreshRouting().version()).isEqualTo(version);
		assertThat(get("/actuator/reliable/sharding/rebalance", 200)).isEqualTo("[]");
	}

	@Test
	@Order(3)
	void badInputIsRefusedWithTheReasonAndNothingStarts() throws Exception {
		Map<String, String> cases = Map.of(
				"{\"slots\": \"x\", \"to\": \"c\"}", "'slots' must be slot numbers",
				"{\"slots\": \"3\", \"to\": \"nope\"}", "'to' must name a registered set",
				"{\"slots\": \"999\", \"to\": \"c\"}", "slot 999 does not exist",
				"{\"slots\": \"200\", \"to\": \"b\"}", "slot 200 is already on set 'b'",
				"{\"slots\": \"3\", \"to\": \"c\", \"cutover\": \"SOON\"}", "'cutover' must be AUTO, MANUAL or SCHEDULED",
				"{\"slots\": \"3\", \"to\": \"c\", \"cutover\": \"SCHEDULED\"}", "a scheduled cutover needs 'cutoverAt'",
				"{\"slots\": \"3\", \"to\": \"c\", \"cutoverAt\": \"tomorrow\"}", "'cutoverAt' must be an ISO-8601 instant",
				"{\"to\": \"c\"}", "'to' goes with 'slots'",
				"{\"slots\": \"3\", \"to\": \"c\", \"colour\": \"red\"}", "unknown field [colour]");
		cases.forEach((body, reason) -> {
			String refused = post("/actuator/reliable/sharding/rebalance", body, 400);
			assertThat((String) JsonPath.read(refused, "$.error")).as(body).contains(reason);
			assertThat(refused).doesNotContain("Exception").doesNotContain("\tat ");
		});
		assertThat(post("/actuator/reliable/sharding/rebalance/nope/pause", "{}", 404)).contains("unknown rebalance 'nope'");
		assertThat(get("/actuator/reliable/sharding/rebalance", 200)).isEqualTo("[]");
	}

	@Test
	@Order(4)
	void aManualCutoverWaitsCaughtUpUntilTheGoAndCanBePausedAndResumed() throws Exception {
		insertRows(3, 300);
		insertRows(4, 200);

		String started = post("/actuator/reliable/sharding/rebalance",
				"{\"slots\": \"3,4\", \"to\": \"c\", \"cutover\": \"MANUAL\", \"reason\": \"add set c\"}", 200);
		String id = JsonPath.read(started, "$.id");
		awaitMove(id, 0, "FREEZE");
		String waiting = get("/actuator/reliable/sharding/rebalance/" + id, 200);
		assertThat((Integer) JsonPath.read(waiting, "$.moves[0].stepNumber")).isEqualTo(4);
		assertThat((Integer) JsonPath.read(waiting, "$.moves[0].rowsTotal")).isEqualTo(300);
		assertThat((Integer) JsonPath.read(waiting, "$.moves[0].rowsCopied")).isEqualTo(300);
		assertThat((String) JsonPath.read(waiting, "$.moves[0].checksumState")).isEqualTo("CHUNKS_OK");
		assertThat((String) JsonPath.read(waiting, "$.moves[1].step")).isEqualTo("PLANNED");
		assertThat(this.store.refreshRouting().setOf(3)).as("no flip before the go").isEqualTo("a");
		assertThat(this.meters.get("reliable.sharding.rebalance.step").gauge().value()).isEqualTo(4);
		assertThat(this.meters.get("reliable.sharding.rebalance.rows.copied").gauge().value()).isEqualTo(300);
		assertThat(post("/actuator/reliable/sharding/rebalance", "{\"slots\": \"5\", \"to\": \"c\"}", 409))
			.contains("rebalance " + id + " is RUNNING");

		assertThat((String) JsonPath.read(post("/actuator/reliable/sharding/rebalance/" + id + "/pause", "{}", 200), "$.status"))
			.isEqualTo("PAUSED");
		assertThat(post("/actuator/reliable/sharding/rebalance/" + id + "/pause", "{}", 409)).contains("is PAUSED");
		post("/actuator/reliable/sharding/rebalance/" + id + "/resume", "{}", 200);
		post("/actuator/reliable/sharding/rebalance/" + id + "/cutover", "{}", 200);
		await().atMost(Duration.ofMinutes(1)).until(() -> status(id).equals("DONE"));

		assertThat(this.store.refreshRouting().setOf(3)).isEqualTo("c");
		assertThat(this.store.refreshRouting().setOf(4)).isEqualTo("c");
		assertThat(count("c", 3)).isEqualTo(300);
		assertThat(count("a", 3)).isZero();
		String done = get("/actuator/reliable/sharding/rebalance/" + id, 200);
		assertThat(JsonPath.<List<String>>read(done, "$.moves[*].checksumState")).containsOnly("FINAL_OK");
		assertThat(this.meters.get("reliable.sharding.rebalance.freeze").timer().count()).isEqualTo(2);
		assertThat(get("/actuator/reliable/audit?name=sharding:rebalance:" + id, 200)).contains("add set c");
	}

	@Test
	@Order(5)
	void anAbortBeforeTheFlipLeavesTheSourceUntouchedAndTheTargetClean() throws Exception {
		insertRows(5, 400);
		String before = checksum("a", 5);

		String id = JsonPath.read(post("/actuator/reliable/sharding/rebalance",
				"{\"slots\": \"5\", \"to\": \"c\", \"cutover\": \"MANUAL\"}", 200), "$.id");
		awaitMove(id, 0, "FREEZE");
		assertThat(count("c", 5)).as("copied before the abort").isEqualTo(400);
		post("/actuator/reliable/sharding/rebalance/" + id + "/abort", "{}", 200);
		await().atMost(Duration.ofMinutes(1)).until(() -> status(id).equals("ABORTED"));

		assertThat(checksum("a", 5)).isEqualTo(before);
		assertThat(owner("a", 5)).isEqualTo("OWNED");
		assertThat(this.store.refreshRouting().setOf(5)).isEqualTo("a");
		assertThat(count("c", 5)).as("partial copy removed").isZero();
		assertThat(owner("c", 5)).isNull();
		assertThat((String) JsonPath.read(get("/actuator/reliable/sharding/rebalance/" + id, 200), "$.moves[0].step"))
			.isEqualTo("ABORTED");
		assertThat(post("/actuator/reliable/sharding/rebalance/" + id + "/resume", "{}", 409)).contains("is ABORTED");
	}

	@Test
	@Order(6)
	void aScheduledCutoverFlipsNotBeforeItsInstant() throws Exception {
		insertRows(6, 100);
		java.time.Instant at = java.time.Instant.now().plusSeconds(4);

		String id = JsonPath.read(post("/actuator/reliable/sharding/rebalance", "{\"slots\": \"6\", \"to\": \"c\","
				+ " \"cutover\": \"SCHEDULED\", \"cutoverAt\": \"" + at + "\"}", 200), "$.id");
		awaitMove(id, 0, "FREEZE");
		assertThat(this.store.refreshRouting().setOf(6)).isEqualTo("a");
		await().atMost(Duration.ofMinutes(1)).until(() -> status(id).equals("DONE"));

		long flipped;
		try (Connection c = this.store.metadataDataSource().getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT ROUND(UNIX_TIMESTAMP(changed_at) * 1000) FROM shard_routing_version")) {
			rs.next();
			flipped = rs.getLong(1);
		}
		assertThat(flipped).as("flip time").isGreaterThanOrEqualTo(at.toEpochMilli());
		assertThat(this.store.refreshRouting().setOf(6)).isEqualTo("c");
		assertThat(count("c", 6)).isEqualTo(100);
	}

	// ---- helpers

	private void insertRows(int slot, int rows) throws Exception {
		long user = 0;
		while (this.store.slots().slotOf(user) != slot) {
			user++;
		}
		try (Connection c = this.store.setDataSource(this.store.routing().setOf(slot)).getConnection();
				PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
						+ " created_at) VALUES (?, ?, ?, 'NEW', 'EUR', ?, '2025-01-01 00:00:00.5')")) {
			for (int i = 0; i < rows; i++) {
				ps.setLong(1, slot * 1_000_000L + i);
				ps.setInt(2, slot);
				ps.setLong(3, user);
				ps.setBigDecimal(4, BigDecimal.valueOf(i, 2));
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	private void awaitMove(String id, int index, String step) {
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(
				() -> step.equals(JsonPath.read(get("/actuator/reliable/sharding/rebalance/" + id, 200), "$.moves[" + index + "].step")));
	}

	private String status(String id) {
		return JsonPath.read(get("/actuator/reliable/sharding/rebalance/" + id, 200), "$.status");
	}

	private long count(String set, int slot) throws Exception {
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE slot = " + slot)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private String owner(String set, int slot) throws Exception {
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT state FROM slot_owner WHERE slot = " + slot)) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	private String checksum(String set, int slot) throws Exception {
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('#', id, slot, user_id, status, currency,"
						+ " amount, created_at))) FROM orders WHERE slot = " + slot)) {
			rs.next();
			return rs.getLong(1) + "/" + rs.getLong(2);
		}
	}

	private String get(String path, int status) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), path, status);
	}

	private String post(String path, String body, int status) {
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), path + " " + body, status);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String send(HttpRequest.Builder request, String what, int status) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(what + " -> " + response.body()).isEqualTo(status);
			return response.body();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
