package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulShutdownTest {

	final RealKafka kafka = SharedInfrastructure.kafka();

	@Test
	void stoppingLetsRecordsInFlightFinishAndCommitsExactlyWhatWasProcessed() {
		String topic = Consumers.unique("shutdown");
		String group = Consumers.unique("shutdown-group");
		Topics.create(this.kafka, topic, 3);
		new SequenceData(60, 1_200).produceAll(this.kafka, topic);
		Set<String> started = ConcurrentHashMap.newKeySet();
		Set<String> finished = ConcurrentHashMap.newKeySet();
		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("shutdown")
			.consumer(() -> Consumers.create(Consumers.properties(this.kafka, group)))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(4))
			.handler((record) -> {
				String id = record.partition() + "@" + record.offset();
				started.add(id);
				Thread.sleep(5);
				finished.add(id);
			})
			.build();
		consumer.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> finished.size() >= 100);

		consumer.close();

		assertThat(consumer.isRunning()).isFalse();
		assertThat(finished).as("no record was abandoned in the handler").isEqualTo(started);
		Map<TopicPartition, Long> committed = SequenceData.committed(this.kafka, group);
		for (int partition = 0; partition < 3; partition++) {
			long offset = committed.getOrDefault(new TopicPartition(topic, partition), 0L);
			Set<String> below = new HashSet<>();
			for (long o = 0; o < offset; o++) {
				below.add(partition + "@" + o);
			}
			String prefix = partition + "@";
			Set<String> processedHere = new HashSet<>();
			finished.stream().filter((id) -> id.startsWith(prefix)).forEach(processedHere::add);
			assertThat(processedHere).as("partition %d: processed records are exactly those below the commit %d", partition,
					offset).isEqualTo(below);
		}
	}

	@Test
	void aRecordStuckPastTheShutdownTimeoutStaysUncommittedAndTheStopStillCompletes() throws Exception {
		String topic = Consumers.unique("stuck-shutdown");
		String group = Consumers.unique("stuck-shutdown-group");
		Topics.create(this.kafka, topic, 1);
		new SequenceData(50, 500).produceAll(this.kafka, topic);
		CountDownLatch stuckStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Set<Long> finished = ConcurrentHashMap.newKeySet();
		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("stuck-shutdown")
			.consumer(() -> Consumers.create(Consumers.properties(this.kafka, group)))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults()
				.withConcurrency(4)
				.withShutdownTimeout(Duration.ofSeconds(1))
				.withRevokeTimeout(Duration.ofSeconds(1)))
			.handler((record) -> {
				if (record.offset() == 10) {
					stuckStarted.countDown();
					release.await(30, TimeUnit.SECONDS);
				}
				finished.add(record.offset());
			})
			.build();
		try {
			consumer.start();
			assertThat(stuckStarted.await(60, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(60)).until(() -> finished.size() >= 300);

			consumer.stop().get(60, TimeUnit.SECONDS);

			assertThat(SequenceData.committed(this.kafka, group)).as("committed up to the stuck record, not past it")
				.containsEntry(new TopicPartition(topic, 0), 10L);
		}
		finally {
			release.countDown();
		}
	}

}
