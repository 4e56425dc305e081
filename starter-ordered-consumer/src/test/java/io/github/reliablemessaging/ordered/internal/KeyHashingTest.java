package io.github.reliablemessaging.ordered.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.github.reliablemessaging.ordered.OrderedSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHashingTest {

	private static final int PARTITIONS = 6;

	private static final int QUEUES = 64;

	@Test
	void theKeysOfOnePartitionSpreadEvenlyOverEveryQueue() {
		int[] perQueue = new int[QUEUES];
		int[] perQueueWithKafkasHash = new int[QUEUES];
		int keys = 0;
		for (int i = 0; i < 300_000; i++) {
			byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
			int murmur2 = Utils.toPositive(Utils.murmur2(key));
			if (murmur2 % PARTITIONS != 0) {
				continue;
			}
			keys++;
			perQueue[KeyHashing.bucket(KeyHashing.ofBytes(OrderedSettings.DEFAULT_HASH_SALT, key), QUEUES)]++;
			perQueueWithKafkasHash[murmur2 % QUEUES]++;
		}
		double mean = (double) keys / QUEUES;
		for (int queue = 0; queue < QUEUES; queue++) {
			assertThat(perQueue[queue]).as("queue %d of %d keys of partition 0", queue, keys)
				.isBetween((int) (mean * 0.85), (int) (mean * 1.15));
		}
		// why the hash must be independent of the partitioner: with it, half the queues would get nothing
		long starved = java.util.Arrays.stream(perQueueWithKafkasHash).filter((count) -> count == 0).count();
		assertThat(starved).isEqualTo(QUEUES / 2);
	}

	@Test
	void stringsAndBytesHashByContentAndTheSaltChangesTheMapping() {
		String key = "customer-" + UUID.randomUUID();
		assertThat(KeyHashing.ofChars(1, key)).isEqualTo(KeyHashing.ofChars(1, new String(key.toCharArray())));
		assertThat(KeyHashing.ofBytes(1, key.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(KeyHashing.ofBytes(1, key.getBytes(StandardCharsets.UTF_8)));
		int moved = 0;
		for (int i = 0; i < 1_000; i++) {
			String k = "k" + i;
			if (KeyHashing.bucket(KeyHashing.ofChars(1, k), QUEUES) != KeyHashing.bucket(KeyHashing.ofChars(2, k), QUEUES)) {
				moved++;
			}
		}
		assertThat(moved).isGreaterThan(900);
		for (int buckets = 1; buckets <= 1024; buckets *= 2) {
			assertThat(KeyHashing.bucket(-1L, buckets)).isBetween(0, buckets - 1);
			assertThat(KeyHashing.bucket(0L, buckets)).isZero();
		}
	}

	@Test
	void equalKeysOfEveryCanonicalTypeShareAHashAndNullKeysKeepTheirPartition() {
		RecordKeys keys = new RecordKeys(OrderedSettings.DEFAULT_HASH_SALT);
		assertThat(keys.hash(record("t", 0, 42L))).isEqualTo(keys.hash(record("t", 3, 42)));
		assertThat(keys.hash(record("t", 0, "abc"))).isEqualTo(keys.hash(record("t", 1, new String("abc"))));
		assertThat(keys.hash(record("t", 0, new byte[] { 1, 2, 3 }))).isEqualTo(keys.hash(record("t", 0, Bytes.wrap(new byte[] { 1, 2, 3 }))));
		UUID uuid = UUID.randomUUID();
		assertThat(keys.hash(record("t", 0, uuid))).isEqualTo(keys.hash(record("t", 2, UUID.fromString(uuid.toString()))));
		assertThat(keys.hash(record("t", 0, new Customer("c-1")))).isEqualTo(keys.hash(record("t", 1, new Customer("c-1"))));

		assertThat(keys.hash(record("t", 4, null))).isEqualTo(keys.hash(record("t", 4, null)))
			.isNotEqualTo(keys.hash(record("t", 5, null)))
			.isNotEqualTo(keys.hash(record("u", 4, null)));
		Object identityKey = new Object();
		assertThat(keys.hash(record("t", 4, identityKey))).as("no value-based hashCode: partition order")
			.isEqualTo(keys.hash(record("t", 4, null)));
	}

	private static ConsumerRecord<Object, Object> record(String topic, int partition, Object key) {
		return new ConsumerRecord<>(topic, partition, 0, key, "v");
	}

	record Customer(String id) {

	}

}
