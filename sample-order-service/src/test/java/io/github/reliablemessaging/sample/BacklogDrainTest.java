package io.github.reliablemessaging.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.reliablemessaging.sample.fulfilment.FulfilmentListener;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backlog drain (starter-autoconfigure) on the sample: with the fulfilment listener paused, a backlog of order
 * events piles up; the drain forwards it to {@code orders.events.drain} with twice the partitions and consumes it with
 * the same ordered, idempotent, sharded listener while new orders keep coming; after the switch-back every order's
 * timeline is complete and in order, one entry per status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD,
		SampleTestProperties.THIRD_SET })
class BacklogDrainTest {

	private static final long FIRST_USER = 500_000;

	@LocalServerPort
	int port;

	@Autowired
	ShardedStore store;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JsonMapper json;

	@Test
	void aBacklogDrainedThroughAWiderTopicKeepsEveryOrdersTimelineCompleteAndInOrder() throws Exception {
		TestHttp http = new TestHttp(this.port);
		double outOfOrderBefore = this.meters.counter("sample.fulfilment.out.of.order").count();
		MessageListenerContainer container = this.listeners.getListenerContainer(FulfilmentListener.ID);
		HttpResponse<String> paused = http.post("/actuator/reliable/listeners/" + FulfilmentListener.ID + "/pause",
				"{\"reason\": \"build a backlog\"}", TestHttp.ADMIN);
		assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);

		// a backlog: 1 500 orders of 300 buyers through their life cycle, 10 % duplicate events, nobody consuming
		String backlog = startLoad(http, 1_500, 300, FIRST_USER);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> loadDone(http, backlog));
		await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM order_outbox WHERE " + SampleTestProperties.OWNED) == 0);

		HttpResponse<String> started = http.post("/actuator/reliable/drain/" + FulfilmentListener.ID,
				"{\"multiplier\": 2, \"switchBackLag\": 50, \"reason\": \"backlog drill\"}", TestHttp.ADMIN);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		assertThat(this.json.readTree(started.body()).get("phase").asText()).isEqualTo("FORWARDING");
		// the drain has stopped the listener's container; lift the pause so that it consumes again after the switch-back
		HttpResponse<String> resumed = http.post("/actuator/reliable/listeners/" + FulfilmentListener.ID + "/resume",
				"{\"reason\": \"drain running\"}", TestHttp.ADMIN);
		assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
		// live traffic while the drain runs
		String live = startLoad(http, 300, 100, FIRST_USER + 1_000);

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> "DONE".equals(drain(http).get("phase").asText()));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> loadDone(http, live));
		assertThat(container.isRunning()).as("the listener consumes the original topic again").isTrue();
		assertThat(container.isPauseRequested()).isFalse();

		TimelineCheck check = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + 2_000);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + 2_000).applied
				.equals(TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + 2_000).expected));
		check = TimelineCheck.of(this.store, FIRST_USER, FIRST_USER + 2_000);
		JsonNode done = drain(http);
		System.out.printf("Drain: %d orders, %d events, forwarded %d, drained %d%n", check.expected.size(), check.events(),
				done.get("forwarded").asLong(), done.get("drained").asLong());
		assertThat(check.expected).hasSize(1_800);
		assertThat(check.problems).as("timeline entries out of order or repeated").isEmpty();
		assertThat(check.applied).isEqualTo(check.expected);
		assertThat(done.get("forwarded").asLong()).as("the backlog went through the drain topic").isGreaterThan(5_000);
		assertThat(this.meters.counter("sample.fulfilment.out.of.order").count()).isEqualTo(outOfOrderBefore);
	}

	private JsonNode drain(TestHttp http) throws Exception {
		return this.json.readTree(http.get("/actuator/reliable/drain/" + FulfilmentListener.ID, TestHttp.ADMIN).body());
	}

	private String startLoad(TestHttp http, int orders, int users, long firstUser) throws Exception {
		HttpResponse<String> started = http.post("/load", "{\"orders\":" + orders + ",\"users\":" + users
				+ ",\"firstUserId\":" + firstUser + ",\"duplicates\":0.1,\"threads\":8}", TestHttp.ADMIN);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		return this.json.readTree(started.body()).get("id").asText();
	}

	private boolean loadDone(TestHttp http, String job) throws Exception {
		JsonNode load = this.json.readTree(http.get("/load/" + job, TestHttp.ADMIN).body());
		assertThat(load.get("ordersFailed").asInt()).as(load.toString()).isZero();
		return "DONE".equals(load.get("state").asText());
	}

	private long count(String sql) {
		long total = 0;
		for (String set : this.store.setNames()) {
			Long n = new JdbcTemplate(this.store.setDataSource(set)).queryForObject(sql, Long.class);
			total += (n != null) ? n : 0;
		}
		return total;
	}

}
