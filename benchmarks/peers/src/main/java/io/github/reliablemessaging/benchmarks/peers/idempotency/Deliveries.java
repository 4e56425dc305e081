package io.github.reliablemessaging.benchmarks.peers.idempotency;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Times every delivery the container makes to the listener, duplicates skipped by {@code @IdempotentListener}
 * included: {@link #intercept} runs before the (proxied) listener, {@link #afterRecord} after it. Throughput is
 * deliveries divided by the time from the first delivery entering the listener to the last one done (start-up and
 * group join excluded); the time in the listener of each delivery gives its percentiles.
 */
final class Deliveries implements RecordInterceptor<Object, Object> {

	private final int expected;

	private final int[] listenerMicros;

	private final AtomicInteger done = new AtomicInteger();

	private final AtomicLong firstNanos = new AtomicLong();

	private volatile long lastNanos;

	private final CountDownLatch all = new CountDownLatch(1);

	private final ThreadLocal<long[]> started = ThreadLocal.withInitial(() -> new long[1]);

	Deliveries(int expected) {
		this.expected = expected;
		this.listenerMicros = new int[expected];
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		long now = System.nanoTime();
		if (this.firstNanos.get() == 0) {
			this.firstNanos.compareAndSet(0, now);
		}
		this.started.get()[0] = now;
		return record;
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		long now = System.nanoTime();
		int ordinal = this.done.getAndIncrement();
		if (ordinal < this.expected) {
			this.listenerMicros[ordinal] = (int) Math.min(Integer.MAX_VALUE, (now - this.started.get()[0]) / 1000);
			if (ordinal == this.expected - 1) {
				this.lastNanos = now;
				this.all.countDown();
			}
		}
	}

	boolean await(long timeout, TimeUnit unit) throws InterruptedException {
		return this.all.await(timeout, unit);
	}

	/** @return deliveries so far (more than expected when the container redelivered) */
	int done() {
		return this.done.get();
	}

	/** @return deliveries per second over the run, once every expected delivery was made */
	double perSecond() {
		return this.expected * 1e9 / Math.max(1, this.lastNanos - this.firstNanos.get());
	}

	/**
	 * @param quantile between 0 and 1
	 * @return the time in the listener at that quantile, milliseconds (nearest rank), once every delivery was made
	 */
	double listenerMillis(double quantile) {
		int[] sorted = this.listenerMicros.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
	}

}
