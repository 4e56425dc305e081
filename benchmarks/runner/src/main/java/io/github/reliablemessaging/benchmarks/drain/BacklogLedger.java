package io.github.reliablemessaging.benchmarks.drain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the listener saw of a backlog with per-key sequence numbers ({@code key-<i>}, values 0, 1, 2...): order
 * violations (a record above the next expected one of its key), redeliveries (at or below the last seen), and a latch
 * that opens when every key's last record was seen.
 */
final class BacklogLedger {

	private final Map<String, Long> last = new ConcurrentHashMap<>();

	private final long perKey;

	private final CountDownLatch complete;

	final AtomicLong handled = new AtomicLong();

	final AtomicLong violations = new AtomicLong();

	final AtomicLong redeliveries = new AtomicLong();

	final AtomicLong fromDrainTopic = new AtomicLong();

	volatile long lastHandledNanos;

	volatile long firstFromDrainNanos;

	BacklogLedger(int keys, long perKey) {
		this.perKey = perKey;
		this.complete = new CountDownLatch(keys);
	}

	void handle(String topic, String key, String value) {
		long seq = Long.parseLong(value);
		this.handled.incrementAndGet();
		if (topic.endsWith(".drain") && this.fromDrainTopic.getAndIncrement() == 0) {
			this.firstFromDrainNanos = System.nanoTime();
		}
		this.last.compute(key, (k, previous) -> {
			long expected = (previous == null) ? 0 : previous + 1;
			if (seq < expected) {
				this.redeliveries.incrementAndGet();
				return previous;
			}
			if (seq > expected) {
				this.violations.incrementAndGet();
			}
			if (seq == this.perKey - 1) {
				this.complete.countDown();
			}
			return seq;
		});
		this.lastHandledNanos = System.nanoTime();
	}

	CountDownLatch complete() {
		return this.complete;
	}

	/** @return keys whose last record was not seen */
	long incompleteKeys() {
		return this.complete.getCount();
	}

}
