package io.github.reliablemessaging.idempotency;

import java.util.Objects;

/**
 * What an {@link IdempotencyStore} records when a key is claimed: the key, the shard slot it belongs to (if any),
 * where the record came from (for operators), and when it was claimed.
 *
 * @param key the normalised group and key
 * @param slot shard slot of the record's shard key, {@code null} when the store is not sharded
 * @param topic topic of the record, {@code null} when unknown
 * @param partition partition of the record, {@code -1} when unknown
 * @param offset offset of the record, {@code -1} when unknown
 * @param createdAtMillis claim time, epoch milliseconds; retention is measured from it
 */
public record Claim(IdempotencyKey key, Integer slot, String topic, int partition, long offset, long createdAtMillis) {

	/** Checks the key. */
	public Claim {
		Objects.requireNonNull(key, "key must not be null");
	}

	/**
	 * A claim without record coordinates or slot.
	 * @param key the normalised group and key
	 * @param createdAtMillis claim time, epoch milliseconds
	 * @return the claim
	 */
	public static Claim of(IdempotencyKey key, long createdAtMillis) {
		return new Claim(key, null, null, -1, -1, createdAtMillis);
	}

}
