package io.github.reliablemessaging.sample;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sample.order.OrderEvent;
import io.github.reliablemessaging.sample.order.OrderStatus;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order API as a client sees it: the life cycle over HTTP and on the fulfilment timeline, clear problem details
 * for bad input (nothing changed), a conflict for a transition the life cycle forbids, the users and their rights,
 * and the order-events replay source (a re-push changes nothing on the fulfilment side).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD,
		SampleTestProperties.THIRD_SET })
class OrderApiTest {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Value("${sample.topics.order-events.name}")
	String topic;

	@Test
	void anOrderGoesThroughItsLifeCycleAndFulfilmentAppliesEveryStepInOrder() throws Exception {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> created = http.post("/orders", "{\"userId\": 4242, \"amount\": 19.99}", null);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode order = this.json.readTree(created.body());
		String orderNo = order.get("orderNo").asText();
		assertThat(created.headers().firstValue("Location")).hasValue("/orders/" + orderNo);
		assertThat(order.get("status").asText()).isEqualTo("CREATED");
		assertThat(order.get("amount").decimalValue()).isEqualByComparingTo("19.99");

		assertThat(status(http.post("/orders/" + orderNo + "/pay", "", null))).isEqualTo("PAID");
		assertThat(status(http.post("/orders/" + orderNo + "/ship", "", null))).isEqualTo("SHIPPED");

		HttpResponse<String> cancel = http.post("/orders/" + orderNo + "/cancel", "", null);
		assertThat(cancel.statusCode()).isEqualTo(409);
		assertThat(cancel.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		assertThat(this.json.readTree(cancel.body()).get("detail").asText())
			.isEqualTo("order " + orderNo + " is SHIPPED and cannot become CANCELLED; allowed next: [COMPLETED]");

		assertThat(status(http.post("/orders/" + orderNo + "/complete", "", null))).isEqualTo("COMPLETED");
		JsonNode read = this.json.readTree(http.get("/orders/" + orderNo, null).body());
		assertThat(read.get("status").asText()).isEqualTo("COMPLETED");
		assertThat(read.get("version").asInt()).isEqualTo(4);

		JsonNode mine = this.json.readTree(http.get("/users/4242/orders", null).body());
		assertThat(mine.findValuesAsString("orderNo")).contains(orderNo);

		await().atMost(Duration.ofSeconds(30)).until(() -> timeline(http, orderNo).size() == 4);
		assertThat(timeline(http, orderNo)).containsExactly("CREATED", "PAID", "SHIPPED", "COMPLETED");
	}

	@Test
	void badInputIsAClearProblemDetailAndChangesNothing() throws Exception {
		TestHttp http = new TestHttp(this.port);
		long before = this.json.readTree(http.get("/orders/statistics", null).body()).get("orders").asLong();

		assertProblem(http.post("/orders", "{\"userId\": 7}", null), 400, "amount must not be null");
		assertProblem(http.post("/orders", "{\"userId\": 7, \"amount\": 0}", null), 400, "amount must be greater than or equal to 0.01");
		assertProblem(http.post("/orders", "{\"userId\": 7, \"amount\": 1.001}", null), 400, "amount numeric value out of bounds");
		assertProblem(http.post("/orders", "{\"userId\": -3, \"amount\": 5}", null), 400, "userId must be greater than 0");
		assertProblem(http.post("/orders", "{\"userId\": 7, \"amount\": ", null), 400,
				"the body must be a JSON object like {\"userId\": 42, \"amount\": 19.99}");
		assertProblem(http.post("/orders", "{\"userId\": \"x\", \"amount\": 5}", null), 400,
				"the body must be a JSON object like {\"userId\": 42, \"amount\": 19.99}");
		assertProblem(http.get("/orders/abc", null), 400, "orderNo must be a number, was 'abc'");
		assertProblem(http.post("/orders/abc/pay", "", null), 400, "orderNo must be a number, was 'abc'");
		assertProblem(http.get("/orders/42", null), 404, "order 42 does not exist");
		assertProblem(http.post("/orders/42/pay", "", null), 404, "order 42 does not exist");
		assertProblem(http.get("/users/0/orders", null), 400, "userId must be greater than 0");
		assertProblem(http.get("/users/5/orders?limit=0", null), 400, "limit must be greater than or equal to 1");
		assertProblem(http.post("/load", "{\"orders\": 0, \"users\": 5}", TestHttp.ADMIN), 400,
				"orders must be greater than or equal to 1");
		assertProblem(http.post("/load", "{\"orders\": 5, \"users\": 5, \"duplicates\": 2}", TestHttp.ADMIN), 400,
				"duplicates must be less than or equal to 1");

		long after = this.json.readTree(http.get("/orders/statistics", null).body()).get("orders").asLong();
		assertThat(after).as("no order created by a bad request").isEqualTo(before);
	}

	@Test
	void theAdminOperatesTheViewerReadsOthersAreRefused() throws Exception {
		TestHttp http = new TestHttp(this.port);
		assertThat(http.get("/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/reliable", null).statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/reliable", TestHttp.VIEWER).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/reliable/lag", TestHttp.VIEWER).statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/metrics", null).statusCode()).isEqualTo(401);
		assertThat(http.get("/actuator/reliable", "admin:wrong-password").statusCode()).isEqualTo(401);

		HttpResponse<String> viewerPause = http.post("/actuator/reliable/listeners/fulfilment/pause",
				"{\"dryRun\": true}", TestHttp.VIEWER);
		assertThat(viewerPause.statusCode()).isEqualTo(403);
		assertThat(viewerPause.body()).contains("lacks the role RELIABLE_ADMIN");
		assertThat(http.post("/load", "{\"orders\": 1, \"users\": 1}", TestHttp.VIEWER).statusCode()).isEqualTo(403);
		assertThat(http.post("/load", "{\"orders\": 1, \"users\": 1}", null).statusCode()).isEqualTo(401);

		HttpResponse<String> adminPause = http.post("/actuator/reliable/listeners/fulfilment/pause",
				"{\"dryRun\": true}", TestHttp.ADMIN);
		assertThat(adminPause.statusCode()).as(adminPause.body()).isEqualTo(200);
		assertThat(adminPause.body()).contains("\"dryRun\":true");
	}

	@Test
	void aReplayOfAnOrdersEventsRebuildsTheirHistoryAndChangesNoTimeline() throws Exception {
		TestHttp http = new TestHttp(this.port);
		String orderNo = this.json.readTree(http.post("/orders", "{\"userId\": 777, \"amount\": 5.00}", null).body())
			.get("orderNo").asText();
		http.post("/orders/" + orderNo + "/pay", "", null);
		http.post("/orders/" + orderNo + "/cancel", "", null);
		await().atMost(Duration.ofSeconds(30)).until(() -> timeline(http, orderNo).size() == 3);

		HttpResponse<String> plan = http.post("/actuator/reliable/replay",
				"{\"source\": \"order-events\", \"ids\": \"" + orderNo + "\", \"dryRun\": true}", TestHttp.ADMIN);
		assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
		assertThat(this.json.readTree(plan.body()).get("plan").get("messages").asInt()).isEqualTo(3);

		HttpResponse<String> replay = http.post("/actuator/reliable/replay",
				"{\"source\": \"order-events\", \"ids\": \"" + orderNo + "\", \"reason\": \"test re-push\"}", TestHttp.ADMIN);
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		String jobId = this.json.readTree(replay.body()).get("id").asText();
		await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(this.json
			.readTree(http.get("/actuator/reliable/replay/" + jobId, TestHttp.ADMIN).body()).get("state").asText()));
		// the three re-pushed events reach the listener behind the originals and are skipped as duplicates
		await().atMost(Duration.ofSeconds(30)).until(() -> lagOf(http) == 0);
		assertThat(timeline(http, orderNo)).containsExactly("CREATED", "PAID", "CANCELLED");

		assertProblem(http.post("/actuator/reliable/replay", "{\"source\": \"order-events\", \"ids\": \"12x\", \"dryRun\": true}",
				TestHttp.ADMIN), 400, null);
	}

	@Test
	void anEventThatSkipsAStepIsCountedRecordedAsOutOfOrderAndMovesNothing() throws Exception {
		TestHttp http = new TestHttp(this.port);
		JsonNode order = this.json.readTree(http.post("/orders", "{\"userId\": 31337, \"amount\": 7.50}", null).body());
		String orderNo = order.get("orderNo").asText();
		await().atMost(Duration.ofSeconds(30)).until(() -> timeline(http, orderNo).size() == 1);
		double before = this.meters.counter("sample.fulfilment.out.of.order").count();

		// SHIPPED v3 straight after CREATED v1: the PAID step is missing
		OrderEvent shipped = new OrderEvent(orderNo, 31337, OrderStatus.SHIPPED, 3, new BigDecimal("7.50"),
				System.currentTimeMillis());
		this.kafka.send(this.topic, orderNo, this.json.writeValueAsString(shipped)).get(30, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.counter("sample.fulfilment.out.of.order").count() == before + 1);
		JsonNode entries = this.json.readTree(http.get("/orders/" + orderNo + "/timeline", null).body());
		assertThat(entries).hasSize(2);
		assertThat(entries.get(1).get("status").asText()).isEqualTo("SHIPPED");
		assertThat(entries.get(1).get("inOrder").asBoolean()).isFalse();

		// the projection did not move: the real PAID still applies in order
		assertThat(status(http.post("/orders/" + orderNo + "/pay", "", null))).isEqualTo("PAID");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.json
			.readTree(http.get("/orders/" + orderNo + "/timeline", null).body()).size() == 3);
		JsonNode paid = this.json.readTree(http.get("/orders/" + orderNo + "/timeline", null).body()).get(2);
		assertThat(paid.get("status").asText()).isEqualTo("PAID");
		assertThat(paid.get("inOrder").asBoolean()).isTrue();
	}

	private long lagOf(TestHttp http) throws Exception {
		String body = http.get("/actuator/reliable/lag/fulfilment", TestHttp.ADMIN).body();
		JsonNode total = this.json.readTree(body).findValue("totalLag");
		assertThat(total).as(body).isNotNull();
		return total.asLong();
	}

	private String status(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body()).get("status").asText();
	}

	private List<String> timeline(TestHttp http, String orderNo) throws Exception {
		List<String> statuses = new ArrayList<>();
		for (JsonNode entry : this.json.readTree(http.get("/orders/" + orderNo + "/timeline", null).body())) {
			assertThat(entry.get("inOrder").asBoolean()).as(entry.toString()).isTrue();
			statuses.add(entry.get("status").asText());
		}
		return statuses;
	}

	private void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode body = this.json.readTree(response.body());
		if (detail != null) {
			assertThat(body.get("detail").asText()).as(response.body()).contains(detail);
		}
		assertThat(response.body()).doesNotContain("\tat ").doesNotContain("trace").doesNotContain("Exception:");
	}

}
