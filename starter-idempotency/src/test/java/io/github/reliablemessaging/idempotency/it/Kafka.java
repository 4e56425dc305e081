package io.github.reliablemessaging.idempotency.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/** Producing order events and waiting for a group to have consumed a topic, on the shared Kafka. */
final class Kafka {

	private Kafka() {
	}

	/**
	 * Sends order events: value {@code <id>,<n>}, record key and header {@code event-id} = the id.
	 * @param topic topic
	 * @param eventIds ids in the order to send (repeats are re-published duplicates)
	 */
	static void sendEvents(String topic, List<String> eventIds) {
		try (KafkaProducer<String, String> producer = producer()) {
			List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
			int n = 0;
			for (String id : eventIds) {
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, id, id + "," + (n++));
				record.headers().add("event-id", id.getBytes(StandardCharsets.UTF_8));
				sent.add(producer.send(record));
			}
			producer.flush();
			for (Future<RecordMetadata> future : sent) {
				future.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not send to " + topic, ex);
		}
	}

	static RecordMetadata send(ProducerRecord<String, String> record) {
		try (KafkaProducer<String, String> producer = producer()) {
			return producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not send to " + record.topic(), ex);
		}
	}

	private static KafkaProducer<String, String> producer() {
		Map<String, Object> props = new HashMap<>(SharedInfrastructure.kafka().clientProperties());
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(props);
	}

	/**
	 * Waits until the group's committed offsets reach the end of every partition of the topic.
	 * @param group consumer group
	 * @param topic topic
	 */
	static void awaitConsumed(String group, String topic) {
		try (Admin admin = Admin.create(SharedInfrastructure.kafka().clientProperties())) {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
				int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				for (int p = 0; p < partitions; p++) {
					latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
				}
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				return ends.entrySet().stream().allMatch((e) -> e.getValue().offset() == 0
						|| (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
			});
		}
	}

	static Map<TopicPartition, Long> endOffsets(String topic) {
		try (Admin admin = Admin.create(SharedInfrastructure.kafka().clientProperties())) {
			int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			Map<TopicPartition, Long> ends = new HashMap<>();
			admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
			return ends;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not read the end offsets of " + topic, ex);
		}
	}

	/**
	 * Moves the committed offsets of an inactive group back, so that records already processed are delivered again.
	 * @param group consumer group (no active member)
	 * @param topic topic
	 * @param records how far back per partition
	 * @param floor offsets not to go below (records of other scenarios)
	 * @return records that will be delivered again
	 */
	static long rewind(String group, String topic, long records, Map<TopicPartition, Long> floor) {
		try (Admin admin = Admin.create(SharedInfrastructure.kafka().clientProperties())) {
			Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
			long total = 0;
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
				if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
					long to = Math.max(floor.getOrDefault(entry.getKey(), 0L), entry.getValue().offset() - records);
					total += entry.getValue().offset() - to;
					rewound.put(entry.getKey(), new OffsetAndMetadata(to));
				}
			}
			// the group may take a moment to become empty after its consumer left
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
				admin.alterConsumerGroupOffsets(group, rewound).all().get();
				return true;
			});
			return total;
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not rewind " + group, ex);
		}
	}

	static Map<String, Long> countBy(List<String> values) {
		return values.stream().collect(Collectors.groupingBy((v) -> v, Collectors.counting()));
	}

}
