package io.github.reliablemessaging.idempotency.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A small circuit breaker: CLOSED lets calls through and counts consecutive failures; after
 * {@code failureThreshold} of them it turns OPEN and refuses calls; after the cool-down it lets one probe call
 * through (HALF_OPEN): success closes it, failure opens it again for another cool-down. A probe that never
 * reports back is replaced by a new one after a further cool-down.
 */
public final class CircuitBreaker {

	/** States of the breaker. */
	public enum State {

		/** Calls go through. */
		CLOSED,

		/** Calls are refused until the cool-down has passed. */
		OPEN,

		/** One probe call is under way. */
		HALF_OPEN

	}

	private final int failureThreshold;

	private final long coolDownNanos;

	private final LongSupplier nanoTime;

	private volatile State state = State.CLOSED;

	private volatile int consecutiveFailures;

	private long since;

	/**
	 * @param failureThreshold consecutive failures that open the breaker, at least 1
	 * @param coolDown time spent OPEN before a probe
	 * @param nanoTime monotonic clock ({@code System::nanoTime})
	 */
	public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
		}
		Objects.requireNonNull(coolDown, "coolDown must not be null");
		if (coolDown.isNegative()) {
			throw new IllegalArgumentException("coolDown must not be negative, was " + coolDown);
		}
		this.failureThreshold = failureThreshold;
		this.coolDownNanos = coolDown.toNanos();
		this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
	}

	/** @return true when the caller may make the call; it must then report {@link #onSuccess} or {@link #onFailure} */
	public boolean tryAcquire() {
		// every record asks twice: the healthy case must not take the lock
		return (this.state == State.CLOSED) || tryAcquireSlow();
	}

	private synchronized boolean tryAcquireSlow() {
		switch (this.state) {
			case CLOSED:
				return true;
			case OPEN:
			case HALF_OPEN:
				if (this.nanoTime.getAsLong() - this.since >= this.coolDownNanos) {
					this.state = State.HALF_OPEN;
					this.since = this.nanoTime.getAsLong();
					return true;
				}
				return false;
			default:
				throw new IllegalStateException(this.state.name());
		}
	}

	/**
	 * A call succeeded.
	 * @return the state before, so that callers can log a recovery
	 */
	public State onSuccess() {
		if (this.state == State.CLOSED && this.consecutiveFailures == 0) {
			return State.CLOSED;
		}
		return onSuccessSlow();
	}

	private synchronized State onSuccessSlow() {
		State before = this.state;
		this.consecutiveFailures = 0;
		this.state = State.CLOSED;
		return before;
	}

	/**
	 * A call failed.
	 * @return the state after
	 */
	public synchronized State onFailure() {
		this.consecutiveFailures++;
		if (this.state == State.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
			if (this.state != State.OPEN) {
				this.since = this.nanoTime.getAsLong();
			}
			this.state = State.OPEN;
		}
		return this.state;
	}

	/** @return the current state */
	public State state() {
		return this.state;
	}

}
