package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.Objects;

/**
 * How an ordered consumer runs: worker count, backpressure bounds, commit cadence and the bounded waits of
 * revocation, seeks and shutdown. Immutable; change a copy with the {@code with...} methods.
 *
 * <pre>{@code
 * OrderedSettings settings = OrderedSettings.defaults().withConcurrency(64).withMaxInFlightPerPartition(2000);
 * }</pre>
 *
 * @param concurrency worker threads, each draining its own in-memory queue ({@code 1..1024})
 * @param multithreaded whether records go to the worker pool ({@code true}) or are processed one at a time in poll
 * order by a single worker ({@code false})
 * @param maxInFlightPerPartition records of one partition received but not yet committable (the commit cursor has
 * not passed them) at which the partition is paused
 * @param resumeInFlightPerPartition records of one partition at or below which a partition paused for backpressure
 * resumes
 * @param commitInterval how often completed offsets are committed asynchronously
 * @param pollTimeout longest time one {@code poll} blocks; bounds how late commits and operator requests are seen
 * @param shutdownTimeout how long a graceful stop waits for dispatched records to complete
 * @param revokeTimeout how long a revocation or a seek waits for the records of the partition being processed now
 * @param hashSalt salt of the key hash that picks a record's queue
 */
public record OrderedSettings(int concurrency, boolean multithreaded, int maxInFlightPerPartition,
		int resumeInFlightPerPartition, Duration commitInterval, Duration pollTimeout, Duration shutdownTimeout,
		Duration revokeTimeout, long hashSalt) {

	/** Largest worker pool a consumer accepts. */
	public static final int MAX_CONCURRENCY = 1024;

	/** Default salt of the key hash (any constant works; it only has to stay fixed while a pool runs). */
	public static final long DEFAULT_HASH_SALT = 0x5EED_0F0D_E12E_D000L;

	/** Validates every value and says which one is wrong. */
	public OrderedSettings {
		if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
			throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY + ", was " + concurrency);
		}
		if (maxInFlightPerPartition < 1) {
			throw new IllegalArgumentException("maxInFlightPerPartition must be >= 1, was " + maxInFlightPerPartition);
		}
		if (resumeInFlightPerPartition < 0 || resumeInFlightPerPartition >= maxInFlightPerPartition) {
			throw new IllegalArgumentException("resumeInFlightPerPartition must be >= 0 and below maxInFlightPerPartition ("
					+ maxInFlightPerPartition + "), was " + resumeInFlightPerPartition);
		}
		requirePositive(commitInterval, "commitInterval");
		requirePositive(pollTimeout, "pollTimeout");
		requirePositive(shutdownTimeout, "shutdownTimeout");
		requirePositive(revokeTimeout, "revokeTimeout");
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name + " must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
	}

	/**
	 * 16 workers, multithreaded, pause a partition at 1000 uncommitted records and resume it at 500, commit every
	 * 100 ms, poll at most 100 ms, 10 s graceful shutdown, 5 s revoke/seek wait.
	 * @return the defaults
	 */
	public static OrderedSettings defaults() {
		return new OrderedSettings(16, true, 1000, 500, Duration.ofMillis(100), Duration.ofMillis(100),
				Duration.ofSeconds(10), Duration.ofSeconds(5), DEFAULT_HASH_SALT);
	}

	/** @param value worker threads @return a copy */
	public OrderedSettings withConcurrency(int value) {
		return new OrderedSettings(value, this.multithreaded, this.maxInFlightPerPartition, this.resumeInFlightPerPartition,
				this.commitInterval, this.pollTimeout, this.shutdownTimeout, this.revokeTimeout, this.hashSalt);
	}

	/** @param value multithreading on or off @return a copy */
	public OrderedSettings withMultithreaded(boolean value) {
		return new OrderedSettings(this.concurrency, value, this.maxInFlightPerPartition, this.resumeInFlightPerPartition,
				this.commitInterval, this.pollTimeout, this.shutdownTimeout, this.revokeTimeout, this.hashSalt);
	}

	/**
	 * Sets the pause bound and the resume bound to half of it.
	 * @param value the pause bound
	 * @return a copy
	 */
	public OrderedSettings withMaxInFlightPerPartition(int value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, value, value / 2, this.commitInterval,
				this.pollTimeout, this.shutdownTimeout, this.revokeTimeout, this.hashSalt);
	}

	/** @param value the resume bound (below the pause bound) @return a copy */
	public OrderedSettings withResumeInFlightPerPartition(int value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition, value,
				this.commitInterval, this.pollTimeout, this.shutdownTimeout, this.revokeTimeout, this.hashSalt);
	}

	/** @param value commit cadence @return a copy */
	public OrderedSettings withCommitInterval(Duration value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition,
				this.resumeInFlightPerPartition, value, this.pollTimeout, this.shutdownTimeout, this.revokeTimeout,
				this.hashSalt);
	}

	/** @param value longest poll @return a copy */
	public OrderedSettings withPollTimeout(Duration value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition,
				this.resumeInFlightPerPartition, this.commitInterval, value, this.shutdownTimeout, this.revokeTimeout,
				this.hashSalt);
	}

	/** @param value graceful shutdown bound @return a copy */
	public OrderedSettings withShutdownTimeout(Duration value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition,
				this.resumeInFlightPerPartition, this.commitInterval, this.pollTimeout, value, this.revokeTimeout,
				this.hashSalt);
	}

	/** @param value revoke and seek wait @return a copy */
	public OrderedSettings withRevokeTimeout(Duration value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition,
				this.resumeInFlightPerPartition, this.commitInterval, this.pollTimeout, this.shutdownTimeout, value,
				this.hashSalt);
	}

	/** @param value key hash salt @return a copy */
	public OrderedSettings withHashSalt(long value) {
		return new OrderedSettings(this.concurrency, this.multithreaded, this.maxInFlightPerPartition,
				this.resumeInFlightPerPartition, this.commitInterval, this.pollTimeout, this.shutdownTimeout,
				this.revokeTimeout, value);
	}

	/** @return workers that actually run: {@link #concurrency()} when multithreaded, else one */
	public int effectiveWorkers() {
		return this.multithreaded ? this.concurrency : 1;
	}

}
