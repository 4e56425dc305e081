package io.github.reliablemessaging.ordered.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.testsupport.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test data with a checkable order: record {@code i} has key {@code k-(i mod keys)} and value
 * {@code <i mod keys>:<i / keys>} (key index, per-key sequence number). One producer writes them in order with
 * idempotence on, so each key's records are in sequence order in its partition.
 *
 * @param keys distinct keys
 * @param records records in total
 */
public record SequenceData(int keys, int records) {

	/** @return key of record {@code i} */
	public String key(int i) {
		return "k-" + (i % this.keys);
	}

	/** @return value of record {@code i} */
	public String value(int i) {
		return (i % this.keys) + ":" + (i / this.keys);
	}

	int index(int keyIndex, int sequence) {
		return sequence * this.keys + keyIndex;
	}

	static int keyIndex(String key) {
		return Integer.parseInt(key, 2, key.length(), 10);
	}

	static int sequence(String value) {
		int colon = value.indexOf(':');
		return Integer.parseInt(value, colon + 1, value.length(), 10);
	}

	/**
	 * Produces records {@code [from, to)} and waits until all are acknowledged.
	 * @param kafka the cluster
	 * @param topic the topic
	 * @param from first record index
	 * @param to last record index, exclusive
	 */
	public void produce(RealKafka kafka, String topic, int from, int to) {
		try (KafkaProducer<String, String> producer = producer(kafka)) {
			Future<RecordMetadata> last = null;
			for (int i = from; i < to; i++) {
				last = producer.send(new ProducerRecord<>(topic, key(i), value(i)));
			}
			producer.flush();
			if (last != null) {
				last.get(60, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not produce test records", ex);
		}
	}

	/** Produces every record. */
	public void produceAll(RealKafka kafka, String topic) {
		produce(kafka, topic, 0, this.records);
	}

	/** @return an idempotent, batching producer */
	public static KafkaProducer<String, String> producer(RealKafka kafka) {
		Map<String, Object> props = new HashMap<>(kafka.clientProperties());
		props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
	}

	/**
	 * @param kafka the cluster
	 * @param topic the topic
	 * @param partitions its partition count
	 * @return log end offset per partition
	 */
	public static Map<TopicPartition, Long> endOffsets(RealKafka kafka, String topic, int partitions) {
		try (Admin admin = Admin.create(kafka.clientProperties())) {
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			for (int p = 0; p < partitions; p++) {
				request.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			Map<TopicPartition, Long> result = new HashMap<>();
			admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> result.put(tp, info.offset()));
			return result;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param kafka the cluster
	 * @param group consumer group
	 * @return committed offset per partition (partitions without a commit are absent)
	 */
	public static Map<TopicPartition, Long> committed(RealKafka kafka, String group) {
		try (Admin admin = Admin.create(kafka.clientProperties())) {
			Map<TopicPartition, Long> result = new HashMap<>();
			admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
				.forEach((tp, offset) -> {
					if (offset != null) {
						result.put(tp, offset.offset());
					}
				});
			return result;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @return the topic's partitions */
	public static List<TopicPartition> partitions(String topic, int count) {
		return java.util.stream.IntStream.range(0, count).mapToObj((p) -> new TopicPartition(topic, p)).toList();
	}

}
