package io.github.reliablemessaging.idempotency.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.IdempotencyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link CircuitBreaker} and an on/off switch in front of a {@link DoneMarkerCache}: a failing or slow
 * cache is bypassed (a check answers "not done", a mark is dropped) and counted, so that the database alone
 * decides while the cache is away; a probe after the cool-down brings it back by itself.
 */
public final class GuardedDoneMarkerCache implements DoneMarkerCache {

	private static final Logger log = LoggerFactory.getLogger(GuardedDoneMarkerCache.class);

	private final DoneMarkerCache delegate;

	private final CircuitBreaker breaker;

	private final IdempotencyMeters meters;

	private final AtomicLong fallbacks = new AtomicLong();

	private volatile boolean enabled = true;

	private volatile String lastFailure;

	/**
	 * @param delegate the cache (e.g. Redis)
	 * @param breaker its circuit breaker
	 * @param meters where fallbacks are counted
	 */
	public GuardedDoneMarkerCache(DoneMarkerCache delegate, CircuitBreaker breaker, IdempotencyMeters meters) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		this.breaker = Objects.requireNonNull(breaker, "breaker must not be null");
		this.meters = Objects.requireNonNull(meters, "meters must not be null");
	}

	/** @param enabled false bypasses the cache entirely (operator switch); no fallback is counted then */
	public void setEnabled(boolean enabled) {
		if (this.enabled != enabled) {
			log.info("Idempotency Redis layer switched {}", enabled ? "on" : "off (database only)");
		}
		this.enabled = enabled;
	}

	@Override
	public boolean isDone(IdempotencyKey key) {
		if (!this.enabled) {
			return false;
		}
		if (!this.breaker.tryAcquire()) {
			fallback("check");
			return false;
		}
		try {
			boolean done = this.delegate.isDone(key);
			succeeded();
			return done;
		}
		catch (RuntimeException ex) {
			failed("check", ex);
			return false;
		}
	}

	@Override
	public void markDone(IdempotencyKey key, Duration ttl) {
		if (!this.enabled) {
			return;
		}
		if (!this.breaker.tryAcquire()) {
			fallback("mark");
			return;
		}
		try {
			this.delegate.markDone(key, ttl);
			succeeded();
		}
		catch (RuntimeException ex) {
			failed("mark", ex);
		}
	}

	private void succeeded() {
		if (this.breaker.onSuccess() != CircuitBreaker.State.CLOSED) {
			log.info("Idempotency Redis layer recovered: Redis answers again, pre-checks and done-markers resume");
		}
	}

	private void failed(String step, RuntimeException ex) {
		this.lastFailure = ex.toString();
		CircuitBreaker.State before = this.breaker.state();
		CircuitBreaker.State after = this.breaker.onFailure();
		fallback(step);
		if (after == CircuitBreaker.State.OPEN && before != CircuitBreaker.State.OPEN) {
			log.warn("Idempotency Redis layer bypassed (circuit open): {}; the database alone detects duplicates until "
					+ "a probe succeeds", ex.toString());
		}
		else {
			log.debug("Idempotency Redis {} failed: {}", step, ex.toString());
		}
	}

	private void fallback(String step) {
		this.fallbacks.incrementAndGet();
		this.meters.redisFallback(step);
	}

	/** @return what operators need to judge the layer */
	public Status status() {
		return new Status(this.enabled, this.breaker.state(), this.fallbacks.get(), this.lastFailure);
	}

	/**
	 * State of the guarded cache.
	 *
	 * @param enabled the operator switch
	 * @param circuit the breaker state
	 * @param fallbacks Redis steps bypassed since start
	 * @param lastFailure the last failure seen, or null
	 */
	public record Status(boolean enabled, CircuitBreaker.State circuit, long fallbacks, String lastFailure) {

		/** @return true while the cache is switched on and its circuit is closed */
		public boolean active() {
			return this.enabled && this.circuit == CircuitBreaker.State.CLOSED;
		}

	}

}
