package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.SequenceChecker;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker pool is resized 4 -> 32 -> 2, multithreading is switched off and on again, and resized to 8, all while
 * records flow and some keys wait in retry (they are handed to their new worker at each swap). Detects any key in
 * the handler on two threads at once, any reordering, loss or duplicate.
 */
class ResizeUnderLoadTest {

	@Test
	void resizingAndSwitchingMultithreadingUnderLoadKeepsEveryKeyInOrderAndOnOneWorker() throws Exception {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("resize");
		Topics.create(kafka, topic, 6);
		SequenceData data = new SequenceData(6_000, 60_000);
		data.produceAll(kafka, topic);
		SequenceChecker checker = new SequenceChecker(data, false);
		Set<String> failedOnce = ConcurrentHashMap.newKeySet();
		AtomicInteger active = new AtomicInteger();
		AtomicInteger maxActiveWhileSingle = new AtomicInteger();
		Set<String> threadsWhileSingle = ConcurrentHashMap.newKeySet();
		java.util.concurrent.atomic.AtomicBoolean single = new java.util.concurrent.atomic.AtomicBoolean();

		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("resize")
			.consumer(() -> Consumers.create(Consumers.properties(kafka, Consumers.unique("resize-group"))))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(4))
			.backOff(RetryBackOff.fixed(100, Duration.ofMillis(150)))
			.handler((record) -> {
				// some keys fail once: they sit parked in retry while pools are swapped
				if (record.value().hashCode() % 61 == 0 && failedOnce.add(record.value())) {
					throw new IllegalStateException("transient failure of " + record.value());
				}
				int now = active.incrementAndGet();
				try (SequenceChecker.Handling handling = checker.begin(record.key(), record.value())) {
					if (single.get()) {
						maxActiveWhileSingle.accumulateAndGet(now, Math::max);
						threadsWhileSingle.add(Thread.currentThread().getName());
					}
					LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
				}
				finally {
					active.decrementAndGet();
				}
			})
			.build();
		consumer.start();
		try {
			awaitHandled(checker, 6_000);
			consumer.resize(32).get(60, TimeUnit.SECONDS);
			assertThat(consumer.stats().concurrency()).isEqualTo(32);

			awaitHandled(checker, 20_000);
			consumer.resize(2).get(60, TimeUnit.SECONDS);
			assertThat(consumer.stats().concurrency()).isEqualTo(2);

			awaitHandled(checker, 30_000);
			consumer.setMultithreaded(false).get(60, TimeUnit.SECONDS);
			assertThat(consumer.stats().concurrency()).isEqualTo(1);
			single.set(true);
			awaitHandled(checker, 38_000);
			single.set(false);
			consumer.setMultithreaded(true).get(60, TimeUnit.SECONDS);
			assertThat(consumer.stats().concurrency()).isEqualTo(2);

			awaitHandled(checker, 46_000);
			consumer.resize(8).get(60, TimeUnit.SECONDS);

			await().atMost(Duration.ofSeconds(120)).until(() -> checker.distinct() == data.records());
		}
		finally {
			consumer.close();
		}
		OrderedStats stats = consumer.stats();
		assertThat(stats.resizes()).isEqualTo(5);
		assertThat(stats.retries()).as("keys were parked in retry during the run").isEqualTo(failedOnce.size()).isPositive();
		assertThat(checker.overlaps()).as(checker.summary()).isZero();
		assertThat(checker.orderViolations()).as(checker.summary()).isZero();
		assertThat(checker.missing()).as(checker.summary()).isZero();
		assertThat(checker.handled()).as("no duplicates: " + checker.summary()).isEqualTo(data.records());
		assertThat(maxActiveWhileSingle).as("multithreading off: one record at a time").hasValue(1);
		assertThat(threadsWhileSingle).containsExactly("reliable-ordered-resize-0");
	}

	private static void awaitHandled(SequenceChecker checker, long count) {
		await().atMost(Duration.ofSeconds(120)).until(() -> checker.handled() >= count);
	}

}
