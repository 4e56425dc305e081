package io.github.reliablemessaging.ops.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * Holds senders back to a number of sends per second: each {@link #acquire} takes the next free slot, one every
 * {@code 1/rate} seconds, and waits for it. No permits are saved up while idle, so a burst never exceeds the
 * rate: over any window of {@code t} seconds at most {@code rate × t + 1} sends pass. A rate of 0 means unlimited
 * (and costs one volatile read). Changing the rate wakes every waiting sender to take a slot under the new rate,
 * so lifting a limit releases them at once.
 *
 * <p>Thread-safe; waiting senders are served in the order they took their slots.
 */
public final class SendRateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final Object lock = new Object();

	private volatile int rate;

	private long intervalNanos;

	private long nextFreeNanos;

	private long generation;

	private final LongAdder throttledSends = new LongAdder();

	private final LongAdder throttledNanos = new LongAdder();

	/**
	 * @param permitsPerSecond sends per second, 0 for unlimited
	 * @throws IllegalArgumentException for a negative rate
	 */
	public void setRate(int permitsPerSecond) {
		if (permitsPerSecond < 0) {
			throw new IllegalArgumentException("rate must be >= 0 (0 = unlimited), was " + permitsPerSecond);
		}
		synchronized (this.lock) {
			this.rate = permitsPerSecond;
			this.intervalNanos = (permitsPerSecond == 0) ? 0 : NANOS_PER_SECOND / permitsPerSecond;
			this.nextFreeNanos = System.nanoTime();
			this.generation++;
			this.lock.notifyAll();
		}
	}

	/** @return sends per second, 0 for unlimited */
	public int rate() {
		return this.rate;
	}

	/**
	 * Waits for the next free slot.
	 * @throws InterruptedException when interrupted while waiting (no slot is taken)
	 */
	public void acquire() throws InterruptedException {
		if (this.rate == 0) {
			return;
		}
		long waitedSince = 0;
		synchronized (this.lock) {
			while (this.intervalNanos != 0) {
				long now = System.nanoTime();
				long slot = Math.max(now, this.nextFreeNanos);
				this.nextFreeNanos = slot + this.intervalNanos;
				if (slot <= now) {
					break;
				}
				if (waitedSince == 0) {
					waitedSince = now;
				}
				long generation = this.generation;
				long remaining;
				while ((remaining = slot - System.nanoTime()) > 0 && generation == this.generation) {
					this.lock.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
				}
				if (generation == this.generation) {
					break;
				}
				// the rate changed while waiting: take a slot under the new rate
			}
		}
		if (waitedSince != 0) {
			this.throttledSends.increment();
			this.throttledNanos.add(System.nanoTime() - waitedSince);
		}
	}

	/** @return sends that had to wait for their slot */
	public long throttledSends() {
		return this.throttledSends.sum();
	}

	/** @return total time senders waited, in nanoseconds */
	public long throttledNanos() {
		return this.throttledNanos.sum();
	}

}
