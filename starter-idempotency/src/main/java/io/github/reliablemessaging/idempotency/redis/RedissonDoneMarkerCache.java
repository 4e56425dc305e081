package io.github.reliablemessaging.idempotency.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.IdempotencyKey;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Done-markers in Redis through Redisson: one string key per consumed key, {@code <prefix><group>:<key>}
 * ({@code idem:orders:evt-42} by default; a {@code :} or {@code \} in the group is escaped with {@code \}, so that
 * group and key can never be confused). Every call waits at most the per-call timeout and throws when Redis fails
 * or is slow.
 */
public class RedissonDoneMarkerCache implements DoneMarkerCache {

	private final RedissonClient redisson;

	private final String prefix;

	private final long timeoutNanos;

	/**
	 * @param redisson the client
	 * @param prefix prefix of the marker keys, e.g. {@code idem:}
	 * @param timeout longest wait for one call
	 */
	public RedissonDoneMarkerCache(RedissonClient redisson, String prefix, Duration timeout) {
		this.redisson = Objects.requireNonNull(redisson, "redisson must not be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
		this.timeoutNanos = Objects.requireNonNull(timeout, "timeout must not be null").toNanos();
		if (this.timeoutNanos <= 0) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
	}

	/**
	 * @param key normalised group and key
	 * @return the Redis key of its marker
	 */
	public String markerName(IdempotencyKey key) {
		return this.prefix + key.group().replace("\\", "\\\\").replace(":", "\\:") + ":" + key.key();
	}

	@Override
	public boolean isDone(IdempotencyKey key) {
		return Boolean.TRUE.equals(await(bucket(key).isExistsAsync().toCompletableFuture(), "check", key));
	}

	@Override
	public void markDone(IdempotencyKey key, Duration ttl) {
		await(bucket(key).setAsync("1", ttl).toCompletableFuture(), "mark", key);
	}

	private RBucket<String> bucket(IdempotencyKey key) {
		return this.redisson.getBucket(markerName(key), StringCodec.INSTANCE);
	}

	private <T> T await(CompletableFuture<T> future, String step, IdempotencyKey key) {
		try {
			return future.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new RedisLayerException("Redis " + step + " of " + key + " took longer than "
					+ Duration.ofNanos(this.timeoutNanos).toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw new RedisLayerException("Redis " + step + " of " + key + " failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			throw new RedisLayerException("Interrupted during Redis " + step + " of " + key, ex);
		}
	}

	/** A Redis call failed or timed out. */
	public static class RedisLayerException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RedisLayerException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
