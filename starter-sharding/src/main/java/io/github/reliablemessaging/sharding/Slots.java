package io.github.reliablemessaging.sharding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The slot of a shard key: {@code slot = crc32(bytes(key)) mod slots}, with the CRC-32 of IEEE 802.3 / zlib
 * ({@link CRC32}) taken as an unsigned 32-bit number.
 *
 * <p>The bytes of a key are fixed so that any language (and SQL) computes the same slot:
 * <ul>
 * <li>{@link Long}, {@link Integer}, {@link Short}, {@link Byte}: the value as a 64-bit two's complement number,
 * 8 bytes big-endian (so {@code 42} and {@code 42L} share a slot);</li>
 * <li>{@link CharSequence}: its UTF-8 bytes;</li>
 * <li>{@link UUID}: 16 bytes big-endian (most significant long first);</li>
 * <li>{@code byte[]}: as is.</li>
 * </ul>
 * Any other type is refused. In MySQL, {@code CRC32(UNHEX(LPAD(HEX(user_id), 16, '0'))) % 256} is the slot of a
 * {@code BIGINT} key and {@code CRC32(CONVERT(name USING utf8mb4)) % 256} the slot of a string key.
 *
 * <pre>{@code
 * Slots slots = Slots.of(256);
 * order.setSlot(slots.slotOf(order.getUserId()));
 * }</pre>
 */
public final class Slots {

	/** Most slots a store may have. */
	public static final int MAX_SLOTS = 1024;

	/** Slots of a store unless configured otherwise. */
	public static final int DEFAULT_SLOTS = 256;

	/** Name of the hash and key encoding, stored with the slot count so that it can never change silently. */
	public static final String HASH_NAME = "crc32-be64-utf8-uuid16";

	private final int count;

	private Slots(int count) {
		this.count = count;
	}

	/**
	 * @param count number of slots, 1 to {@value #MAX_SLOTS}
	 * @return the slot function for that count
	 */
	public static Slots of(int count) {
		if (count < 1 || count > MAX_SLOTS) {
			throw new IllegalArgumentException("slots must be between 1 and " + MAX_SLOTS + ", was " + count);
		}
		return new Slots(count);
	}

	/** @return the number of slots */
	public int count() {
		return this.count;
	}

	/**
	 * @param key a shard key: an integral number, a string, a UUID or a byte array
	 * @return its slot, {@code 0 <= slot < count()}
	 */
	public int slotOf(Object key) {
		return (int) (hash(key) % this.count);
	}

	/**
	 * The unsigned CRC-32 of the key's bytes (see the class description).
	 * @param key a shard key
	 * @return a number in {@code [0, 2^32)}
	 */
	public static long hash(Object key) {
		CRC32 crc = new CRC32();
		crc.update(bytes(key));
		return crc.getValue();
	}

	/**
	 * The bytes a key is hashed from.
	 * @param key a shard key
	 * @return its canonical bytes
	 * @throws IllegalArgumentException for a null key or an unsupported type
	 */
	public static byte[] bytes(Object key) {
		Objects.requireNonNull(key, "shard key must not be null");
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
			return ByteBuffer.allocate(Long.BYTES).putLong(((Number) key).longValue()).array();
		}
		if (key instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		if (key instanceof UUID uuid) {
			return ByteBuffer.allocate(16)
				.putLong(uuid.getMostSignificantBits())
				.putLong(uuid.getLeastSignificantBits())
				.array();
		}
		if (key instanceof byte[] raw) {
			return raw.clone();
		}
		throw new IllegalArgumentException("Unsupported shard key type " + key.getClass().getName()
				+ ": use a Long, Integer, Short, Byte, String, UUID or byte[]");
	}

	@Override
	public String toString() {
		return "Slots[" + this.count + ", " + HASH_NAME + "]";
	}

}
