package io.github.reliablemessaging.benchmarks.peer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The handler every system calls once per delivered record, from any thread. Besides doing the configured work it
 * checks, from what the system actually delivered, what a user of an ordered consumer relies on:
 * <ul>
 * <li>per-key order: a record handled after a record of its key with a higher sequence is an order violation;</li>
 * <li>per-key exclusivity: a key in the handler on two threads at once is a concurrent-key overlap;</li>
 * <li>duplicates (a record handled again) and lost records (never handled by the end of the run);</li>
 * <li>records that are not part of the run ({@code unexpected}).</li>
 * </ul>
 * It also measures backlog throughput (first record entering the handler to the last backlog record done) and the
 * end-to-end latency of live records (producer's send to handler done, same machine clock, microseconds).
 */
public final class RecordChecker {

	private final PeerSettings settings;

	private final AtomicIntegerArray deliveries;

	private final AtomicIntegerArray highestSequence;

	private final AtomicIntegerArray inHandler;

	// written once per live record before the distinctLive increment that publishes it
	private final int[] liveLatencyMicros;

	private final AtomicInteger distinctBacklog = new AtomicInteger();

	private final AtomicInteger distinctLive = new AtomicInteger();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder orderViolations = new LongAdder();

	private final LongAdder concurrentKeyOverlaps = new LongAdder();

	private final LongAdder unexpected = new LongAdder();

	private final AtomicLong firstHandledNanos = new AtomicLong();

	private volatile long backlogDoneNanos;

	private final CountDownLatch backlogDone = new CountDownLatch(1);

	private final CountDownLatch liveDone = new CountDownLatch(1);

	/**
	 * @param settings what the run consumes
	 */
	public RecordChecker(PeerSettings settings) {
		this.settings = settings;
		this.deliveries = new AtomicIntegerArray(settings.totalRecords());
		int allKeys = settings.keys() + settings.liveKeys();
		this.highestSequence = new AtomicIntegerArray(allKeys);
		for (int i = 0; i < allKeys; i++) {
			this.highestSequence.set(i, -1);
		}
		this.inHandler = new AtomicIntegerArray(allKeys);
		this.liveLatencyMicros = new int[settings.liveRecords()];
		if (settings.liveRecords() == 0) {
			this.liveDone.countDown();
		}
	}

	/**
	 * Checks one delivered record and does the handler's work; never throws for a record's content, so that no
	 * system's error handling takes part in the measurement.
	 * @param value the record value ({@link BenchmarkRecords#value})
	 */
	public void handle(String value) {
		if (this.firstHandledNanos.get() == 0) {
			// read first: a failing compare-and-set still takes the cache line from every other worker
			this.firstHandledNanos.compareAndSet(0, System.nanoTime());
		}
		BenchmarkRecords.Decoded record;
		try {
			record = BenchmarkRecords.decode(value);
		}
		catch (IllegalArgumentException ex) {
			this.unexpected.increment();
			return;
		}
		int index = record.index();
		int keyIndex = record.keyIndex();
		if (index < 0 || index >= this.deliveries.length() || keyIndex < 0 || keyIndex >= this.inHandler.length()) {
			this.unexpected.increment();
			return;
		}
		if (this.inHandler.incrementAndGet(keyIndex) > 1) {
			this.concurrentKeyOverlaps.increment();
		}
		try {
			boolean first = this.deliveries.incrementAndGet(index) == 1;
			if (!first) {
				this.duplicates.increment();
			}
			else if (this.highestSequence.getAndAccumulate(keyIndex, record.sequence(), Math::max) > record.sequence()) {
				this.orderViolations.increment();
			}
			work();
			if (first) {
				done(index, record.sentMicros());
			}
		}
		finally {
			this.inHandler.decrementAndGet(keyIndex);
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

	private void done(int index, long sentMicros) {
		int backlog = this.settings.backlogRecords();
		if (index < backlog) {
			if (this.distinctBacklog.incrementAndGet() == backlog) {
				this.backlogDoneNanos = System.nanoTime();
				this.backlogDone.countDown();
			}
		}
		else {
			long latency = nowMicros() - sentMicros;
			this.liveLatencyMicros[index - backlog] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, latency));
			if (this.distinctLive.incrementAndGet() == this.settings.liveRecords()) {
				this.liveDone.countDown();
			}
		}
	}

	/** @return wall-clock epoch microseconds, comparable across JVMs on one machine */
	public static long nowMicros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
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
	 * The run's figures: metrics only for phases that completed, checks always.
	 * @param liveProduced whether the live records were produced (they are not when the backlog never completed)
	 * @param client the client libraries the system ran with
	 * @return the result
	 */
	public PeerResult result(boolean liveProduced, String client) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		if (this.backlogDone.getCount() == 0) {
			long elapsed = Math.max(1, this.backlogDoneNanos - this.firstHandledNanos.get());
			metrics.put("records_per_s", this.settings.backlogRecords() * 1e9 / elapsed);
		}
		if (this.liveDone.getCount() == 0 && this.liveLatencyMicros.length > 0) {
			int[] sorted = this.liveLatencyMicros.clone();
			Arrays.sort(sorted);
			metrics.put("p50_ms", percentile(sorted, 0.50) / 1000.0);
			metrics.put("p99_ms", percentile(sorted, 0.99) / 1000.0);
		}
		long expected = this.settings.backlogRecords() + (liveProduced ? this.settings.liveRecords() : 0);
		Map<String, Long> checks = new LinkedHashMap<>();
		checks.put("order_violations", this.orderViolations.sum());
		checks.put("lost", expected - this.distinctBacklog.get() - this.distinctLive.get());
		checks.put("duplicates", this.duplicates.sum());
		checks.put("concurrent_key_overlaps", this.concurrentKeyOverlaps.sum());
		checks.put("unexpected", this.unexpected.sum());
		return new PeerResult(metrics, checks, client);
	}

	/**
	 * Nearest-rank percentile.
	 * @param sorted ascending values, not empty
	 * @param quantile between 0 and 1
	 * @return the value at that rank
	 */
	static int percentile(int[] sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

}
