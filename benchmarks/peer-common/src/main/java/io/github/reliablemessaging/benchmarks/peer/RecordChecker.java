package io.github.reliablemessaging.benchmarks.peer;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The handler every system calls once per delivered record, from any thread. It checks what a user of an ordered
 * consumer relies on and does the configured work:
 * <ul>
 * <li>per-key order: a record whose sequence is below one already processed for its key is an order violation;</li>
 * <li>per-key exclusivity: two records of one key in the handler at the same time is a concurrent-key overlap;</li>
 * <li>duplicates (a record delivered again) and, at the end, lost records (never delivered);</li>
 * <li>throughput over the backlog (first to last backlog record handled) and end-to-end latency of live records
 * (record timestamp set by the producer to handler entry, same machine clock).</li>
 * </ul>
 */
public final class RecordChecker {

	private final PeerSettings settings;

	private final AtomicIntegerArray deliveries;

	private final AtomicLongArray highestSequence;

	private final AtomicIntegerArray inHandler;

	private final int[] liveLatencyMs;

	private final AtomicInteger distinctBacklog = new AtomicInteger();

	private final AtomicInteger distinctLive = new AtomicInteger();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder orderViolations = new LongAdder();

	private final LongAdder concurrentKeyOverlaps = new LongAdder();

	private final AtomicLong firstBacklogNanos = new AtomicLong();

	private volatile long lastBacklogNanos;

	private final CountDownLatch backlogDone = new CountDownLatch(1);

	private final CountDownLatch liveDone = new CountDownLatch(1);

	/**
	 * @param settings what the run consumes
	 */
	public RecordChecker(PeerSettings settings) {
		this.settings = settings;
		this.deliveries = new AtomicIntegerArray(settings.backlogRecords() + settings.liveRecords());
		int allKeys = settings.keys() + settings.liveKeys();
		this.highestSequence = new AtomicLongArray(allKeys);
		for (int i = 0; i < allKeys; i++) {
			this.highestSequence.set(i, -1);
		}
		this.inHandler = new AtomicIntegerArray(allKeys);
		this.liveLatencyMs = new int[settings.liveRecords()];
		if (settings.liveRecords() == 0) {
			this.liveDone.countDown();
		}
	}

	/**
	 * Checks one delivered record and does the handler's work.
	 * @param key the record key (informational; the key index is in the value)
	 * @param value the record value ({@link BenchmarkRecords#value})
	 * @param timestampMs the record's create timestamp
	 */
	public void handle(String key, String value, long timestampMs) {
		long nowMs = System.currentTimeMillis();
		int[] decoded = new int[3];
		BenchmarkRecords.decode(value, decoded);
		int index = decoded[0];
		int keyIndex = decoded[1];
		int sequence = decoded[2];
		if (this.inHandler.incrementAndGet(keyIndex) > 1) {
			this.concurrentKeyOverlaps.increment();
		}
		try {
			if (this.deliveries.incrementAndGet(index) > 1) {
				this.duplicates.increment();
			}
			else {
				firstDelivery(index, keyIndex, sequence, nowMs - timestampMs);
			}
			work();
		}
		finally {
			this.inHandler.decrementAndGet(keyIndex);
		}
	}

	private void firstDelivery(int index, int keyIndex, int sequence, long latencyMs) {
		long previous = this.highestSequence.getAndAccumulate(keyIndex, sequence, Math::max);
		if (previous > sequence) {
			this.orderViolations.increment();
		}
		int backlog = this.settings.backlogRecords();
		if (index < backlog) {
			this.firstBacklogNanos.compareAndSet(0, System.nanoTime());
			if (this.distinctBacklog.incrementAndGet() == backlog) {
				this.lastBacklogNanos = System.nanoTime();
				this.backlogDone.countDown();
			}
		}
		else {
			this.liveLatencyMs[index - backlog] = (int) Math.max(0, latencyMs);
			if (this.distinctLive.incrementAndGet() == this.settings.liveRecords()) {
				this.liveDone.countDown();
			}
		}
	}

	private void work() {
		if (this.settings.handler() == HandlerMode.IO_1MS) {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * @param timeout how long to wait
	 * @param unit unit of {@code timeout}
	 * @return whether every backlog record has been handled
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitBacklog(long timeout, TimeUnit unit) throws InterruptedException {
		return this.backlogDone.await(timeout, unit);
	}

	/**
	 * @param timeout how long to wait
	 * @param unit unit of {@code timeout}
	 * @return whether every live record has been handled
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitLive(long timeout, TimeUnit unit) throws InterruptedException {
		return this.liveDone.await(timeout, unit);
	}

	/**
	 * @param client the client library versions the system ran with, e.g. {@code kafka-clients 4.2.1}
	 * @return the run's figures
	 */
	public PeerResult result(String client) {
		int total = this.settings.backlogRecords() + this.settings.liveRecords();
		int delivered = this.distinctBacklog.get() + this.distinctLive.get();
		double recordsPerSecond = 0;
		long first = this.firstBacklogNanos.get();
		if (this.backlogDone.getCount() == 0 && this.lastBacklogNanos > first) {
			recordsPerSecond = this.settings.backlogRecords() * 1e9 / (this.lastBacklogNanos - first);
		}
		double p50 = -1;
		double p99 = -1;
		if (this.liveDone.getCount() == 0 && this.liveLatencyMs.length > 0) {
			int[] sorted;
			synchronized (this) {
				sorted = this.liveLatencyMs.clone();
			}
			Arrays.sort(sorted);
			p50 = percentile(sorted, 0.50);
			p99 = percentile(sorted, 0.99);
		}
		return new PeerResult(recordsPerSecond, p50, p99, this.orderViolations.sum(), total - delivered,
				this.duplicates.sum(), this.concurrentKeyOverlaps.sum(), client);
	}

	/**
	 * Nearest-rank percentile.
	 * @param sorted ascending values
	 * @param quantile between 0 and 1
	 * @return the value at that rank
	 */
	static double percentile(int[] sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}
