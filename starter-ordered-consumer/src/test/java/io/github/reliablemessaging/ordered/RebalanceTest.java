package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.SequenceChecker;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second consumer joins the group mid-stream and later leaves it, while records are produced and processed.
 * Partitions move twice (cooperative-sticky); the checker sees both consumers' handler calls in one place, so a key
 * processed by both at once, out of order or never, is caught. Redelivery of uncommitted records is expected and
 * allowed: each key must then continue in order from where it rewound.
 */
class RebalanceTest {

	@Test
	void aConsumerJoiningAndLeavingMidStreamKeepsEveryKeyInOrderWithoutStalling() throws Exception {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("rebalance");
		String group = Consumers.unique("rebalance-group");
		Topics.create(kafka, topic, 6);
		SequenceData data = new SequenceData(4_000, 60_000);
		SequenceChecker checker = new SequenceChecker(data, true);
		LongAdder byFirst = new LongAdder();
		LongAdder bySecond = new LongAdder();
		Set<TopicPartition> secondGot = ConcurrentHashMap.newKeySet();

		Thread producer = new Thread(() -> {
			// about 3k records/s for 18 s: the stream really runs while consumers join and leave
			for (int from = 0; from < data.records(); from += 1_000) {
				data.produce(kafka, topic, from, from + 1_000);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
			}
		}, "rebalance-producer");
		producer.start();

		OrderedConsumer<String, String> first = consumer(kafka, "first", group, topic, checker, byFirst);
		OrderedConsumer<String, String> second = consumer(kafka, "second", group, topic, checker, bySecond);
		first.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> checker.handled() >= 10_000);

			second.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				secondGot.addAll(second.assignment());
				return !second.assignment().isEmpty() && bySecond.sum() >= 2_000;
			});
			assertThat(checker.handled()).as("still mid-stream").isLessThan(data.records() - 10_000);
			assertThat(first.assignment()).as("the first consumer kept the partitions it was not asked to give up")
				.isNotEmpty()
				.doesNotContainAnyElementsOf(second.assignment());
			long firstBefore = byFirst.sum();
			await().atMost(Duration.ofSeconds(60)).until(() -> byFirst.sum() >= firstBefore + 2_000);

			second.close();
			await().atMost(Duration.ofSeconds(60)).until(() -> first.assignment().size() == 6);
			long afterLeave = byFirst.sum();
			await("progress after the second consumer left").atMost(Duration.ofSeconds(60))
				.until(() -> byFirst.sum() >= afterLeave + 2_000);

			producer.join(TimeUnit.SECONDS.toMillis(60));
			await().atMost(Duration.ofSeconds(120)).until(() -> checker.distinct() == data.records());
		}
		finally {
			second.close();
			first.close();
		}
		assertThat(secondGot).as("the second consumer really took partitions over").isNotEmpty();
		assertThat(checker.overlaps()).as(checker.summary()).isZero();
		assertThat(checker.orderViolations()).as(checker.summary()).isZero();
		assertThat(checker.missing()).as(checker.summary()).isZero();
		// only uncommitted records of moved partitions may come again: bounded by the in-flight bound of each
		assertThat(checker.redeliveries()).as(checker.summary()).isLessThanOrEqualTo(6L * 2 * 1_000);
		System.out.println("rebalance: " + checker.summary() + " first=" + byFirst.sum() + " second=" + bySecond.sum());
	}

	private static OrderedConsumer<String, String> consumer(RealKafka kafka, String name, String group, String topic,
			SequenceChecker checker, LongAdder count) {
		return OrderedConsumer.<String, String>builder(name)
			.consumer(() -> Consumers.create(Consumers.properties(kafka, group)))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(8))
			.handler((record) -> {
				try (SequenceChecker.Handling handling = checker.begin(record.key(), record.value())) {
					LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
				}
				count.increment();
			})
			.build();
	}

}
