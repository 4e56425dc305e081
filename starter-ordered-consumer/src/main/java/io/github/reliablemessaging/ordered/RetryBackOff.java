package io.github.reliablemessaging.ordered;

import java.time.Duration;

/**
 * Delays between the attempts of a failing record. Each failing record gets its own {@link Execution}; when it
 * answers {@link #STOP} the record goes to the {@link RecordRecoverer}. (The Spring container adapts Spring's
 * {@code BackOff} to this.)
 */
@FunctionalInterface
public interface RetryBackOff {

	/** Answer of {@link Execution#nextDelayMillis()} when no attempt is left. */
	long STOP = -1;

	/** @return a fresh execution for one failing record */
	Execution start();

	/** The delays of one failing record. */
	@FunctionalInterface
	interface Execution {

		/** @return milliseconds to wait before the next attempt, or {@link #STOP} */
		long nextDelayMillis();

	}

	/**
	 * Exponential delays: {@code initial}, {@code initial * multiplier}, ... capped at {@code max}.
	 * @param maxAttempts total attempts including the first delivery (1 = no retry)
	 * @param initial first delay
	 * @param multiplier growth factor (&gt;= 1)
	 * @param max longest delay
	 * @return the backoff
	 */
	static RetryBackOff exponential(int maxAttempts, Duration initial, double multiplier, Duration max) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
		}
		if (multiplier < 1) {
			throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
		}
		long first = initial.toMillis();
		long cap = Math.max(first, max.toMillis());
		return () -> new Execution() {

			private int retries;

			private double next = first;

			@Override
			public long nextDelayMillis() {
				if (++this.retries >= maxAttempts) {
					return STOP;
				}
				long delay = (long) Math.min(this.next, cap);
				this.next = Math.min(this.next * multiplier, cap);
				return delay;
			}

		};
	}

	/**
	 * @param maxAttempts total attempts including the first delivery
	 * @param interval delay between attempts
	 * @return fixed delays
	 */
	static RetryBackOff fixed(int maxAttempts, Duration interval) {
		return exponential(maxAttempts, interval, 1.0, interval);
	}

	/** @return no retry: a failure goes to the recoverer at once */
	static RetryBackOff none() {
		return () -> () -> STOP;
	}

}
