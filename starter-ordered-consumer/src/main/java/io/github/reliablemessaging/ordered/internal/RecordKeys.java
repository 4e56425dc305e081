package io.github.reliablemessaging.ordered.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key hash of a record: equal keys always get equal hashes, so they share a queue (and a retry parking slot).
 * Keys are hashed in a canonical form: bytes of {@code byte[]}, {@link ByteBuffer} and {@link Bytes}, UTF-16 code
 * units of strings, the value of integral numbers and UUIDs, {@code hashCode()} of other types with value-based
 * equality (records, data classes, enums). A {@code null} key, and a key whose type keeps {@link Object}'s identity
 * hash code (two equal keys could hash apart), gets the hash of its partition instead: such records keep partition
 * order. Used by the consumer thread only.
 */
final class RecordKeys {

	private static final Logger log = LoggerFactory.getLogger(RecordKeys.class);

	private static final long PARTITION_SEED = 0x7A31_91C4_D2E5_0B6FL;

	private static final ClassValue<Boolean> VALUE_BASED = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.isEnum() || type.getMethod("hashCode").getDeclaringClass() != Object.class;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	};

	private final long salt;

	private final Map<String, Long> topicHashes = new HashMap<>();

	private final Map<Class<?>, Boolean> warned = new HashMap<>();

	RecordKeys(long salt) {
		this.salt = salt;
	}

	long hash(ConsumerRecord<?, ?> record) {
		Object key = record.key();
		if (key instanceof String text) {
			return KeyHashing.ofChars(this.salt, text);
		}
		if (key instanceof byte[] bytes) {
			return KeyHashing.ofBytes(this.salt, bytes);
		}
		if (key == null) {
			return partitionHash(record.topic(), record.partition());
		}
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
			return KeyHashing.ofLong(this.salt, ((Number) key).longValue());
		}
		if (key instanceof UUID uuid) {
			return KeyHashing.ofLong(KeyHashing.ofLong(this.salt, uuid.getMostSignificantBits()), uuid.getLeastSignificantBits());
		}
		if (key instanceof Bytes bytes) {
			return KeyHashing.ofBytes(this.salt, bytes.get());
		}
		if (key instanceof ByteBuffer buffer) {
			byte[] copy = new byte[buffer.remaining()];
			buffer.duplicate().get(copy);
			return KeyHashing.ofBytes(this.salt, copy);
		}
		if (VALUE_BASED.get(key.getClass())) {
			return KeyHashing.ofLong(this.salt, key.hashCode());
		}
		if (this.warned.putIfAbsent(key.getClass(), Boolean.TRUE) == null) {
			log.warn("Record keys of type {} have no value-based hashCode(); their records keep partition order "
					+ "(one queue per partition) instead of key order", key.getClass().getName());
		}
		return partitionHash(record.topic(), record.partition());
	}

	private long partitionHash(String topic, int partition) {
		long topicHash = this.topicHashes.computeIfAbsent(topic, (t) -> KeyHashing.ofChars(this.salt ^ PARTITION_SEED, t));
		return KeyHashing.ofLong(topicHash, partition);
	}

}
