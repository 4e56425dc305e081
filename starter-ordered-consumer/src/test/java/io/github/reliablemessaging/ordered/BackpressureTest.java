package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ordered.OrderedStats.PartitionStats;
import io.github.reliablemessaging.ordered.internal.KeyHashing;
import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One partition's records all wait on a blocked handler for longer than {@code max.poll.interval.ms}. Only that
 * partition is paused (its in-flight records stay bounded); the other partition keeps flowing; the consumer keeps
 * polling, so it stays in the group: once released, every record is processed exactly once, in order.
 */
class BackpressureTest {

	@Test
	void onlyTheOverloadedPartitionIsPausedAndTheGroupMembershipIsNeverAtRisk() throws Exception {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("backpressure");
		Topics.create(kafka, topic, 2);
		int workers = 4;
		int hotQueue = KeyHashing.bucket(KeyHashing.ofChars(OrderedSettings.DEFAULT_HASH_SALT, "hot"), workers);
		List<String> coldKeys = new CopyOnWriteArrayList<>();
		for (int i = 0; coldKeys.size() < 20; i++) {
			String key = "cold-" + i;
			if (KeyHashing.bucket(KeyHashing.ofChars(OrderedSettings.DEFAULT_HASH_SALT, key), workers) != hotQueue) {
				coldKeys.add(key);
			}
		}
		try (KafkaProducer<String, String> producer = SequenceData.producer(kafka)) {
			for (int seq = 0; seq < 2_000; seq++) {
				producer.send(new ProducerRecord<>(topic, 0, "hot", String.valueOf(seq)));
			}
			for (int i = 0; i < 300; i++) {
				producer.send(new ProducerRecord<>(topic, 1, coldKeys.get(i % coldKeys.size()), String.valueOf(i)));
			}
			producer.flush();
		}
		CountDownLatch gate = new CountDownLatch(1);
		List<Integer> hot = new CopyOnWriteArrayList<>();
		List<Integer> cold = new CopyOnWriteArrayList<>();
		Map<String, Object> props = Consumers.properties(kafka, Consumers.unique("backpressure-group"));
		props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 3_000);
		props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
		props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("backpressure")
			.consumer(() -> Consumers.create(props))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(workers).withMaxInFlightPerPartition(100))
			.handler((record) -> {
				if (record.partition() == 0) {
					gate.await(60, TimeUnit.SECONDS);
					hot.add(Integer.valueOf(record.value()));
				}
				else {
					cold.add(Integer.valueOf(record.value()));
				}
			})
			.build();
		TopicPartition hotPartition = new TopicPartition(topic, 0);
		consumer.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> cold.size() == 300);
			await().atMost(Duration.ofSeconds(30)).until(() -> partition(consumer, hotPartition).backpressured());
			assertThat(consumer.pausedPartitions()).containsExactly(hotPartition);

			// longer than max.poll.interval.ms with the handler blocked: still a member, still paused, still bounded
			await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> {
				PartitionStats stats = partition(consumer, hotPartition);
				return consumer.assignment().size() == 2 && stats.paused() && stats.inFlight() <= 100 + 50;
			});

			gate.countDown();
			await().atMost(Duration.ofSeconds(60)).until(() -> hot.size() == 2_000);
			await().atMost(Duration.ofSeconds(10)).until(() -> consumer.pausedPartitions().isEmpty());
		}
		finally {
			gate.countDown();
			consumer.close();
		}
		assertThat(hot).as("exactly once and in order: the group never rebalanced").isSorted()
			.doesNotHaveDuplicates().hasSize(2_000);
		assertThat(cold).hasSize(300);
	}

	private static PartitionStats partition(OrderedConsumer<?, ?> consumer, TopicPartition partition) {
		return consumer.stats().partitions().stream().filter((p) -> p.partition().equals(partition)).findFirst().orElseThrow();
	}

}
