package io.github.reliablemessaging.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.Slots;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Online rebalancing (starter-sharding) under the sample's load: with a third set {@code set3} (configured from the
 * start but not an initial set, so it owns no slot: the plan proposes moves onto it), 16 slots of the load's buyers move to it while their orders go through
 * their life cycle. Afterwards the moved slots' orders,
 * outbox, timeline, projection and idempotency rows are on {@code set3}; every order's timeline is complete and in
 * order; a re-push of moved orders is still recognised as duplicate (the idempotency rows moved with their slot); the
 * statistics equal a direct count.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD,
		SampleTestProperties.THIRD_SET })
class RebalanceUnderLoadTest {

	private static final long FIRST_USER = 700_000;

	private static final int USERS = 300;

	private static final int ORDERS = 1_500;

	@LocalServerPort
	int port;

	@Autowired
	ShardedStore store;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JsonMapper json;

	@Test
	void slotsMovedToANewSetUnderLoadKeepEveryTimelineAndTheirIdempotencyRows() throws Exception {
		TestHttp http = new TestHttp(this.port);
		double outOfOrderBefore = this.meters.counter("sample.fulfilment.out.of.order").count();
		HttpResponse<String> registered = http.post("/actuator/reliable/sharding/sets", "{\"name\": \"set3\"}", TestHttp.ADMIN);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
		assertThat(this.json.readTree(registered.body()).get("slots").isEmpty()).as("set3 starts empty").isTrue();
		assertThat(this.store.refreshRouting().slotsOf("set3")).isEmpty();
		HttpResponse<String> plan = http.post("/actuator/reliable/sharding/plan", "{}", TestHttp.ADMIN);
		assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
		JsonNode proposed = this.json.readTree(plan.body());
		assertThat(proposed.get("slotsBefore").get("set3").asInt()).isZero();
		assertThat(proposed.get("moves").size()).as("the even plan moves a third of the slots").isEqualTo(85);
		proposed.get("moves").forEach((m) -> assertThat(m.get("to").asText()).isEqualTo("set3"));

		// the 16 slots with the most of the load's buyers, none on set3 yet
		Slots slots = this.store.slots();
		Map<Integer, Integer> buyersPerSlot = new LinkedHashMap<>();
		for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
			buyersPerSlot.merge(slots.slotOf(user), 1, Integer::sum);
		}
		List<Integer> moved = buyersPerSlot.entrySet().stream()
			.filter((e) -> !"set3".equals(this.store.routing().setOf(e.getKey())))
			.sorted((a, b) -> b.getValue() - a.getValue()).limit(16).map(Map.Entry::getKey).sorted().toList();
		String slotList = moved.stream().map(String::valueOf).collect(Collectors.joining(","));

		String load = startLoad(http);
		await().atMost(Duration.ofSeconds(60)).until(() -> statusChanges(http, load) > 500);
		HttpResponse<String> started = http.post("/actuator/reliable/sharding/rebalance",
				"{\"slots\": \"" + slotList + "\", \"to\": \"set3\", \"reason\": \"add set3\"}", TestHttp.ADMIN);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		String id = this.json.readTree(started.body()).get("id").asText();

		await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
			.until(() -> "DONE".equals(rebalance(http, id).get("status").asText()));
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> loadDone(http, load));
		for (int slot : moved) {
			assertThat(this.store.refreshRouting().setOf(slot)).as("slot %d", slot).isEqualTo("set3");
		}

		// every order's timeline complete and in order, wherever its slot lives now
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
			TimelineCheck now = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + USERS);
			return now.applied.equals(now.expected);
		});
		TimelineCheck check = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + USERS);
		assertThat(check.expected).hasSize(ORDERS);
		assertThat(check.problems).isEmpty();
		assertThat(this.meters.counter("sample.fulfilment.out.of.order").count()).isEqualTo(outOfOrderBefore);

		// the moved slots' rows are on set3 (and no longer owned anywhere else)
		String in = "slot IN (" + slotList + ")";
		JdbcTemplate set3 = new JdbcTemplate(this.store.setDataSource("set3"));
		long ordersMoved = set3.queryForObject("SELECT COUNT(*) FROM orders WHERE " + in, Long.class);
		long idempotencyMoved = set3.queryForObject("SELECT COUNT(*) FROM reliable_idempotency WHERE " + in, Long.class);
		assertThat(ordersMoved).isGreaterThan(0);
		assertThat(set3.queryForObject("SELECT COUNT(*) FROM order_timeline WHERE " + in, Long.class)).isGreaterThan(ordersMoved);
		assertThat(idempotencyMoved).isGreaterThanOrEqualTo(ordersMoved);
		for (String set : List.of("set1", "set2")) {
			assertThat(new JdbcTemplate(this.store.setDataSource(set)).queryForObject(
					"SELECT COUNT(*) FROM orders WHERE " + in + " AND " + SampleTestProperties.OWNED, Long.class))
				.as("rows of moved slots still owned on %s", set).isZero();
		}

		// a re-push of orders in moved slots: their idempotency rows moved with them, so nothing is applied twice
		List<Long> movedOrders = set3.queryForList("SELECT order_no FROM orders WHERE " + in
				+ " AND user_id >= ? AND user_id < ? ORDER BY order_no LIMIT 20", Long.class, FIRST_USER, FIRST_USER + USERS);
		assertThat(movedOrders).isNotEmpty().allSatisfy((no) -> assertThat(moved).contains(SlotIdGenerator.slotOf(no)));
		double duplicatesBefore = duplicates();
		String ids = movedOrders.stream().map(String::valueOf).collect(Collectors.joining(","));
		HttpResponse<String> replay = http.post("/actuator/reliable/replay",
				"{\"source\": \"order-events\", \"ids\": \"" + ids + "\", \"reason\": \"after the move\"}", TestHttp.ADMIN);
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		long events = movedOrders.stream().mapToLong((no) -> check.expected.get(no).size()).sum();
		await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() - duplicatesBefore >= events);
		TimelineCheck after = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + USERS);
		assertThat(after.applied).isEqualTo(after.expected);
		assertThat(after.problems).isEmpty();

		// the statistics (scatter-gather over three sets) equal a direct count of the owned rows
		JsonNode statistics = this.json.readTree(http.get("/orders/statistics", null).body());
		long direct = 0;
		for (String set : this.store.setNames()) {
			direct += new JdbcTemplate(this.store.setDataSource(set))
				.queryForObject("SELECT COUNT(*) FROM orders WHERE " + SampleTestProperties.OWNED, Long.class);
		}
		assertThat(statistics.get("orders").asLong()).isEqualTo(direct);
		System.out.printf("Rebalance: %d slots to set3 under load (%d orders, %d idempotency rows moved), %d orders"
				+ " checked, re-push of %d events skipped%n", moved.size(), ordersMoved, idempotencyMoved,
				check.expected.size(), events);
	}

	private double duplicates() {
		return this.meters.find("reliable.idempotency.duplicates").counters().stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
	}

	private JsonNode rebalance(TestHttp http, String id) throws Exception {
		return this.json.readTree(http.get("/actuator/reliable/sharding/rebalance/" + id, TestHttp.ADMIN).body());
	}

	private String startLoad(TestHttp http) throws Exception {
		HttpResponse<String> started = http.post("/load", "{\"orders\":" + ORDERS + ",\"users\":" + USERS
				+ ",\"firstUserId\":" + FIRST_USER + ",\"duplicates\":0.1,\"threads\":8}", TestHttp.ADMIN);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		return this.json.readTree(started.body()).get("id").asText();
	}

	private long statusChanges(TestHttp http, String job) throws Exception {
		return this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body()).get("statusChanges").asLong();
	}

	private boolean loadDone(TestHttp http, String job) throws Exception {
		JsonNode load = this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body());
		assertThat(load.get("ordersFailed").asInt()).as(load.toString()).isZero();
		return "DONE".equals(load.get("state").asText());
	}

}
