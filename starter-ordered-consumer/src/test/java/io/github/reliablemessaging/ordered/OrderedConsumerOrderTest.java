package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.Map;

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

class OrderedConsumerOrderTest {

	@Test
	void everyKeyIsProcessedInOrderNeverConcurrentlyAndCompletely() {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("order");
		String group = Consumers.unique("order-group");
		Topics.create(kafka, topic, 6);
		SequenceData data = new SequenceData(10_000, 100_000);
		data.produceAll(kafka, topic);
		SequenceChecker checker = new SequenceChecker(data, false);

		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("order-test")
			.consumer(() -> Consumers.create(Consumers.properties(kafka, group)))
			.topics(java.util.List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(16))
			.handler((record) -> {
				try (SequenceChecker.Handling handling = checker.begin(record.key(), record.value())) {
					Thread.onSpinWait();
				}
			})
			.build();
		long start = System.nanoTime();
		consumer.start();
		try {
			await().atMost(Duration.ofSeconds(120)).until(() -> checker.distinct() == data.records());
			long millis = (System.nanoTime() - start) / 1_000_000;
			System.out.println("100k records in " + millis + " ms: " + checker.summary() + " stats " + consumer.stats());
			Map<TopicPartition, Long> ends = SequenceData.endOffsets(kafka, topic, 6);
			await().atMost(Duration.ofSeconds(30)).until(() -> SequenceData.committed(kafka, group).equals(ends));
		}
		finally {
			consumer.close();
		}
		assertThat(checker.orderViolations()).as(checker.summary()).isZero();
		assertThat(checker.overlaps()).as(checker.summary()).isZero();
		assertThat(checker.missing()).as(checker.summary()).isZero();
		assertThat(checker.handled()).as(checker.summary()).isEqualTo(data.records());
	}

}
