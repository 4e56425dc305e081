package io.github.reliablemessaging.idempotency;

import java.time.Duration;

/**
 * A fast cache in front of the {@link IdempotencyStore}: keys whose business transaction committed. Hits skip the
 * record before any database work; misses fall through to the store, which stays the guarantee. Written only after
 * the commit, so a marker never exists for work that could still roll back. Implementations may throw or time
 * out; the caller treats any failure as a miss and bypasses the cache for a while (circuit breaker).
 */
public interface DoneMarkerCache {

	/**
	 * @param key normalised group and key
	 * @return true when the key was marked done
	 */
	boolean isDone(IdempotencyKey key);

	/**
	 * Marks a key done.
	 * @param key normalised group and key
	 * @param ttl how long the marker lives
	 */
	void markDone(IdempotencyKey key, Duration ttl);

}
