package io.github.reliablemessaging.idempotency.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.idempotency.redis.RedisLayerHealthIndicator;
import io.github.reliablemessaging.testsupport.RealRedis;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis is stopped in the middle of a stream with duplicates and started again: the database keeps every event
 * applied once, the fallback meter and the health indicator show the degraded mode, and the Redis layer comes
 * back by itself.
 */
class RedisOutageTest {

	private static final String TOPIC = "idem-outage";

	private static final String GROUP = "idem-outage-it";

	@Test
	void redisStoppedAndStartedMidStreamCausesNoDuplicateEffectAndRecovers() {
		SharedInfrastructure.kafka().createTopic(TOPIC, 3);
		try (RealRedis redis = RealRedis.launch()) {
			Map<String, Object> props = TestApp.properties("idem_outage", redis, TOPIC, GROUP);
			// generous for a loaded CI machine: a slow call must not open the circuit while Redis is up
			props.put("reliable.idempotency.redis.timeout", "500ms");
			props.put("reliable.idempotency.redis.failure-threshold", "3");
			props.put("reliable.idempotency.redis.cool-down", "1s");
			try (ConfigurableApplicationContext app = TestApp.start(props)) {
				JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
				MeterRegistry meters = app.getBean(MeterRegistry.class);
				RedisLayerHealthIndicator health = app.getBean(RedisLayerHealthIndicator.class);
				Random random = new Random(11);
				List<String> all = new ArrayList<>();

				// phase 1: Redis up
				List<String> first = ids("before", 300);
				all.addAll(first);
				Kafka.sendEvents(TOPIC, IdempotentListenerEndToEndTest.withRepublishedDuplicates(first, 0.1, random));
				Kafka.awaitConsumed(GROUP, TOPIC);
				assertThat(mode(health)).isEqualTo(RedisLayerHealthIndicator.MODE_NORMAL);
				double redisHitsBefore = count(meters, IdempotencyMeters.DUPLICATES, "layer", "redis");
				assertThat(redisHitsBefore).isPositive();

				// phase 2: Redis down; duplicates of phase 1 and of phase 2 arrive
				redis.stop();
				List<String> second = ids("during", 300);
				all.addAll(second);
				List<String> stream = new ArrayList<>(IdempotentListenerEndToEndTest.withRepublishedDuplicates(second, 0.1, random));
				stream.addAll(first.subList(0, 30));
				Kafka.sendEvents(TOPIC, stream);
				Kafka.awaitConsumed(GROUP, TOPIC);
				assertThat(count(meters, IdempotencyMeters.REDIS_FALLBACKS, null, null)).isPositive();
				Health degraded = health.health(true);
				assertThat(degraded.getStatus().getCode()).isEqualTo("UP");
				assertThat(degraded.getDetails()).containsEntry("mode", RedisLayerHealthIndicator.MODE_DEGRADED)
					.containsEntry("degraded", true);

				// phase 3: Redis back (empty); the layer recovers by itself once traffic probes it
				redis.start();
				List<String> third = new ArrayList<>();
				await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
					List<String> batch = ids("after-" + third.size(), 20);
					third.addAll(batch);
					Kafka.sendEvents(TOPIC, batch);
					Kafka.awaitConsumed(GROUP, TOPIC);
					return RedisLayerHealthIndicator.MODE_NORMAL.equals(mode(health));
				});
				all.addAll(third);
				List<String> marked = ids("recovered", 50);
				all.addAll(marked);
				Kafka.sendEvents(TOPIC, marked);
				Kafka.awaitConsumed(GROUP, TOPIC);
				double redisHitsAfterRecovery = count(meters, IdempotencyMeters.DUPLICATES, "layer", "redis");
				Kafka.sendEvents(TOPIC, marked); // re-published once Redis is back
				Kafka.awaitConsumed(GROUP, TOPIC);
				// (not exactly 50: a single slow call may still drop a marker, and the database then catches it)
				assertThat(count(meters, IdempotencyMeters.DUPLICATES, "layer", "redis") - redisHitsAfterRecovery)
					.as("the Redis layer skips duplicates again").isPositive();

				List<String> effects = jdbc.queryForList("SELECT event_id FROM order_effects WHERE group_name = ?", String.class, GROUP);
				Map<String, Long> perEvent = Kafka.countBy(effects);
				assertThat(perEvent.keySet()).containsExactlyInAnyOrderElementsOf(all);
				assertThat(perEvent.values()).as("no duplicate effect").allMatch((n) -> n == 1L);
			}
		}
	}

	private static List<String> ids(String prefix, int n) {
		return IntStream.range(0, n).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static Object mode(RedisLayerHealthIndicator health) {
		return health.health(true).getDetails().get("mode");
	}

	private static double count(MeterRegistry meters, String name, String tag, String value) {
		var search = meters.find(name);
		if (tag != null) {
			search = search.tag(tag, value);
		}
		return search.counters().stream().mapToDouble(Counter::count).sum();
	}

}
