package io.github.reliablemessaging.ordered.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A salted 64-bit hash for picking a record's queue. Independent of Kafka's partitioner (murmur2 of the key bytes,
 * mod partitions): with the same function, the keys of one partition would all fall into the queues congruent to
 * that partition and most workers would starve. The mixing follows the multiply-rotate rounds and final avalanche
 * of well-known 64-bit hashes (xxHash / MurmurHash3 constants).
 */
public final class KeyHashing {

	private static final long P1 = 0x9E3779B185EBCA87L;

	private static final long P2 = 0xC2B2AE3D27D4EB4FL;

	private static final long P3 = 0x165667B19E3779F9L;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private KeyHashing() {
	}

	/**
	 * @param seed salt
	 * @param bytes data
	 * @return hash of {@code bytes}
	 */
	public static long ofBytes(long seed, byte[] bytes) {
		int length = bytes.length;
		long h = seed + P3 + length * P1;
		int i = 0;
		for (; i + 8 <= length; i += 8) {
			h = round(h, (long) LONGS.get(bytes, i));
		}
		if (i < length) {
			long tail = 0;
			for (int shift = 0; i < length; i++, shift += 8) {
				tail |= (bytes[i] & 0xFFL) << shift;
			}
			h = round(h, tail);
		}
		return avalanche(h);
	}

	/**
	 * Hashes the UTF-16 code units of a string (the same as hashing its UTF-16 bytes, without encoding it).
	 * @param seed salt
	 * @param text data
	 * @return hash of {@code text}
	 */
	public static long ofChars(long seed, CharSequence text) {
		int length = text.length();
		long h = seed + P3 + length * P2;
		int i = 0;
		for (; i + 4 <= length; i += 4) {
			long word = text.charAt(i) | ((long) text.charAt(i + 1) << 16) | ((long) text.charAt(i + 2) << 32)
					| ((long) text.charAt(i + 3) << 48);
			h = round(h, word);
		}
		if (i < length) {
			long tail = 0;
			for (int shift = 0; i < length; i++, shift += 16) {
				tail |= (long) text.charAt(i) << shift;
			}
			h = round(h, tail);
		}
		return avalanche(h);
	}

	/**
	 * @param seed salt
	 * @param value data
	 * @return hash of {@code value}
	 */
	public static long ofLong(long seed, long value) {
		return avalanche(round(seed + P3 + 8 * P1, value));
	}

	/**
	 * Maps a hash to {@code [0, buckets)} without a division (the high 32 bits scaled by {@code buckets}).
	 * @param hash a hash from this class
	 * @param buckets number of queues
	 * @return the queue index
	 */
	public static int bucket(long hash, int buckets) {
		return (int) (((hash >>> 32) * buckets) >>> 32);
	}

	private static long round(long acc, long word) {
		acc ^= Long.rotateLeft(word * P2, 31) * P1;
		return Long.rotateLeft(acc, 27) * P1 + P3;
	}

	private static long avalanche(long h) {
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return h;
	}

}
