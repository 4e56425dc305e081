package io.github.reliablemessaging.idempotency.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.ops.replay.ReplayJob;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.replay.ReplayService.TopicReplay;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay drill of the operations toolkit with idempotency on: re-publishing records that were already applied
 * (a time-range replay through the running service's {@link ReplayService}) reaches the listener again and changes
 * nothing in the business tables; every replayed record is counted as a duplicate.
 */
class ReplayDrillWithIdempotencyTest {

	private static final String TOPIC = "idem-replay";

	private static final String GROUP = "idem-replay-it";

	private ConfigurableApplicationContext app;

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void replayingAlreadyAppliedRecordsChangesNothing() {
		SharedInfrastructure.kafka().createTopic(TOPIC, 3);
		this.app = TestApp.start(TestApp.properties("idem_replay", SharedInfrastructure.redis(), TOPIC, GROUP));
		JdbcTemplate jdbc = this.app.getBean(JdbcTemplate.class);
		MeterRegistry meters = this.app.getBean(MeterRegistry.class);
		List<String> ids = IntStream.range(0, 300).mapToObj((i) -> "replay-" + i).toList();
		Instant before = Instant.now().minusSeconds(1);

		Kafka.sendEvents(TOPIC, ids);
		Kafka.awaitConsumed(GROUP, TOPIC);
		assertThat(effects(jdbc)).isEqualTo(300);
		Map<String, Object> snapshot = jdbc.queryForMap(
				"SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids, MAX(id) AS last FROM order_effects WHERE group_name = ?", GROUP);
		double duplicatesBefore = duplicates(meters);

		ReplayService replay = this.app.getBean(ReplayService.class);
		ReplayJob job = replay.start(new TopicReplay(TOPIC, null, null, null, before, null, null));
		await().atMost(Duration.ofMinutes(1)).until(() -> job.getState() != ReplayJob.State.RUNNING);
		assertThat(job.getState()).as(job.error()).isEqualTo(ReplayJob.State.DONE);
		assertThat(job.getPublished()).isEqualTo(300);

		// every replayed record reaches the listener and is skipped by a layer of the idempotency starter
		await().atMost(Duration.ofMinutes(2)).until(() -> duplicates(meters) - duplicatesBefore >= 300);
		Kafka.awaitConsumed(GROUP, TOPIC);
		assertThat(jdbc.queryForMap(
				"SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids, MAX(id) AS last FROM order_effects WHERE group_name = ?", GROUP))
			.as("business rows unchanged by the replay").isEqualTo(snapshot);
		assertThat(duplicates(meters) - duplicatesBefore).isEqualTo(300);
	}

	private static long effects(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM order_effects WHERE group_name = ?", Long.class, GROUP);
	}

	private static double duplicates(MeterRegistry meters) {
		return meters.find(IdempotencyMeters.DUPLICATES).tag("group", GROUP).counters().stream().mapToDouble(Counter::count).sum();
	}

}
