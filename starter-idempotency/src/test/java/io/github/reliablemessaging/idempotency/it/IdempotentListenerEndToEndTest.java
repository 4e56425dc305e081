package io.github.reliablemessaging.idempotency.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.reliablemessaging.idempotency.IdempotencyKeyException;
import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.kafka.CurrentRecord;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end on real Kafka, MySQL-compatible server and Redis: duplicates, a restart, failures, bad keys, key
 * expressions, and 32 threads delivering the same keys.
 */
class IdempotentListenerEndToEndTest {

	private static final String TOPIC = "idem-orders";

	private static final String GROUP = "idem-orders-it";

	private static ConfigurableApplicationContext app;

	private static JdbcTemplate jdbc;

	private static OrderListener listener;

	private static MeterRegistry meters;

	@BeforeAll
	static void start() {
		SharedInfrastructure.kafka().createTopic(TOPIC, 3);
		SharedInfrastructure.kafka().createTopic("idem-variables", 1);
		Map<String, Object> props = TestApp.properties("idem_it", SharedInfrastructure.redis(), TOPIC, GROUP);
		props.put("it.variables", "true");
		app = TestApp.start(props);
		jdbc = app.getBean(JdbcTemplate.class);
		listener = app.getBean(OrderListener.class);
		meters = app.getBean(MeterRegistry.class);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void tenPercentDuplicatesAndARestartMidStreamApplyEachEventExactlyOnce() {
		List<String> ids = IntStream.range(0, 2000).mapToObj((i) -> "dup-" + i).toList();
		List<String> stream = withRepublishedDuplicates(ids, 0.10, new Random(7));
		double duplicatesBefore = duplicates("redis") + duplicates("db");
		MessageListenerContainer container = app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders");

		Map<org.apache.kafka.common.TopicPartition, Long> start = Kafka.endOffsets(TOPIC);
		Kafka.sendEvents(TOPIC, stream.subList(0, stream.size() / 2));
		await().atMost(Duration.ofMinutes(2)).until(() -> effectCount("dup-%") >= 600);
		container.stop(); // restart mid-stream...
		long rewound = Kafka.rewind(GROUP, TOPIC, 300, start); // ...as after a crash that lost the last offset commits
		Kafka.sendEvents(TOPIC, stream.subList(stream.size() / 2, stream.size()));
		container.start();
		Kafka.awaitConsumed(GROUP, TOPIC);

		Map<String, Long> effects = effectsPerEvent("dup-%");
		assertThat(effects).hasSize(2000);
		assertThat(effects.values()).allMatch((n) -> n == 1L);
		assertThat(rewound).isPositive();
		assertThat(duplicates("redis") + duplicates("db") - duplicatesBefore).isGreaterThanOrEqualTo(200 + rewound);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reliable_idempotency WHERE consumer_group = ? AND idem_key LIKE 'dup-%'",
				Integer.class, GROUP)).isEqualTo(2000);
	}

	@Test
	void aListenerFailingOnItsFirstAttemptIsRetriedAndAppliedOnceWithNoOrphanRow() {
		List<String> ids = IntStream.range(0, 50).mapToObj((i) -> "flaky-" + i).toList();
		Set<String> failing = Set.of("flaky-3", "flaky-17", "flaky-18", "flaky-40", "flaky-49");
		listener.failOnFirstAttempt(failing);
		Kafka.sendEvents(TOPIC, ids);
		Kafka.awaitConsumed(GROUP, TOPIC);

		assertThat(listener.pendingFailures()).isEmpty();
		Map<String, Long> effects = effectsPerEvent("flaky-%");
		assertThat(effects).hasSize(50);
		assertThat(effects.values()).allMatch((n) -> n == 1L);
		for (String id : ids) {
			assertThat(listener.attempts(id)).as(id).isEqualTo(failing.contains(id) ? 2 : 1);
		}
		List<String> rows = jdbc.queryForList("SELECT CAST(idem_key AS CHAR) FROM reliable_idempotency "
				+ "WHERE consumer_group = ? AND idem_key LIKE 'flaky-%'", String.class, GROUP);
		assertThat(rows).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void aRecordWhoseKeyIsMissingGoesToErrorHandlingWithAClearMessageAndNothingIsApplied() {
		Kafka.send(new ProducerRecord<>(TOPIC, "nokey-1", "nokey-1,0")); // no event-id header
		Kafka.sendEvents(TOPIC, List.of("after-nokey"));
		Kafka.awaitConsumed(GROUP, TOPIC);

		assertThat(effectCount("after-nokey")).isEqualTo(1);
		assertThat(effectCount("nokey-1")).isZero();
		assertThat(app.getBean(TestApp.class).recovered).anySatisfy((ex) -> {
			Throwable cause = ex;
			while (cause != null && !(cause instanceof IdempotencyKeyException)) {
				cause = cause.getCause();
			}
			assertThat(cause).isNotNull();
			assertThat(cause.getMessage()).contains("OrderListener.on(..)", "#headers['event-id']", "evaluated to null",
					TOPIC + "-");
		});
	}

	@Test
	void keyExpressionsSeePayloadRecordHeadersAndParameters() {
		ProducerRecord<String, String> record = new ProducerRecord<>("idem-variables", "k1", "v1");
		record.headers().add("h", "hv".getBytes(StandardCharsets.UTF_8));
		RecordMetadata sent = Kafka.send(record);
		String expected = "v1|k1|idem-variables|" + sent.partition() + "|" + sent.offset() + "|hv|k1";
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(jdbc.queryForList(
				"SELECT CAST(idem_key AS CHAR) FROM reliable_idempotency WHERE consumer_group = ?", String.class, GROUP + "-variables"))
			.contains(expected));
	}

	@Test
	void thirtyTwoThreadsDeliveringTheSameThousandKeysApplyEachExactlyOnceWithRedis() throws Exception {
		deliverConcurrently("concurrent-redis");
	}

	@Test
	void thirtyTwoThreadsDeliveringTheSameThousandKeysApplyEachExactlyOnceOnTheDatabaseAlone() throws Exception {
		SwitchBoard switches = app.getBean(SwitchBoard.class);
		switches.set("idempotency.redis.enabled", "false", "test", "database alone");
		try {
			double dbDuplicatesBefore = duplicates("db");
			deliverConcurrently("concurrent-db");
			assertThat(duplicates("db") - dbDuplicatesBefore).isGreaterThan(0);
		}
		finally {
			switches.set("idempotency.redis.enabled", "true", "test", "restore");
		}
	}

	/** 32 workers each deliver the same 1,000 keys (own shuffled order) through the proxied listener bean. */
	private void deliverConcurrently(String group) throws Exception {
		assertThat(AopUtils.isAopProxy(listener)).isTrue();
		int threads = 32;
		int keys = 1000;
		AtomicLong offsets = new AtomicLong();
		AtomicInteger transientRetries = new AtomicInteger();
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				List<Integer> order = new ArrayList<>(IntStream.range(0, keys).boxed().toList());
				Collections.shuffle(order, new Random(t));
				workers.add(pool.submit(() -> {
					go.await();
					KafkaUtils.setConsumerGroupId(group);
					try {
						for (int k : order) {
							String id = group + "-" + k;
							ConsumerRecord<String, String> record = new ConsumerRecord<>("idem-concurrent", 0,
									offsets.incrementAndGet(), id, id + ",0");
							record.headers().add("event-id", id.getBytes(StandardCharsets.UTF_8));
							while (true) {
								try (CurrentRecord.Scope scope = CurrentRecord.bind(record)) {
									listener.on(record.value());
									break;
								}
								catch (TransientDataAccessException ex) {
									transientRetries.incrementAndGet(); // what the container's error handler would retry
								}
							}
						}
					}
					finally {
						KafkaUtils.clearConsumerGroupId();
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Map<String, Long> effects = Kafka.countBy(jdbc.queryForList(
				"SELECT event_id FROM order_effects WHERE group_name = ?", String.class, group));
		assertThat(effects).hasSize(keys);
		assertThat(effects.values()).allMatch((n) -> n == 1L);
	}

	static List<String> withRepublishedDuplicates(List<String> ids, double share, Random random) {
		List<String> stream = new ArrayList<>(ids);
		int duplicates = (int) (ids.size() * share);
		for (int i = 0; i < duplicates; i++) {
			int original = random.nextInt(ids.size());
			// a re-publish comes after its original, anywhere later in the stream
			int at = original + 1 + random.nextInt(stream.size() - original);
			stream.add(Math.min(at, stream.size()), ids.get(original));
		}
		return stream;
	}

	private static double duplicates(String layer) {
		return meters.find(IdempotencyMeters.DUPLICATES).tag("layer", layer).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static int effectCount(String like) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM order_effects WHERE group_name = ? AND event_id LIKE ?", Integer.class,
				GROUP, like);
	}

	private static Map<String, Long> effectsPerEvent(String like) {
		return Kafka.countBy(jdbc.queryForList("SELECT event_id FROM order_effects WHERE group_name = ? AND event_id LIKE ?",
				String.class, GROUP, like));
	}

}
