package io.github.reliablemessaging.ordered.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ordered.RetryBackOff;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread and its queue. It processes the batches the consumer thread hands it in order. A record that
 * fails parks its key: later records of that key are deferred behind it, every other key of the queue keeps
 * flowing, and the record is retried on this thread when its backoff elapses; once its retries are spent it goes
 * to the recoverer and its offset completes.
 *
 * <p>Control markers travel through the same queue, so they take effect exactly between the batches dispatched
 * before and after them: {@link #purge()} drops parked records of cancelled partitions, {@link #stop()} ends the
 * thread once every earlier batch is processed (parked keys stay here, to be adopted by the next pool).
 */
final class Worker<K, V> implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(Worker.class);

	private static final Object STOP = new Object();

	private static final Object PURGE = new Object();

	private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

	private final RecordProcessor<K, V> processor;

	private final Thread thread;

	private final Map<Long, ParkedKey<K, V>> parked = new HashMap<>();

	private final PriorityQueue<ParkedKey<K, V>> due = new PriorityQueue<>(Comparator.comparingLong((ParkedKey<K, V> p) -> p.dueNanos));

	/** The record whose handler or recoverer runs now; read by the consumer thread to await in-flight work. */
	private volatile Task<K, V> current;

	/** Records handed over (consumer thread writes). */
	private volatile long submitted;

	/** Records taken from the queue (this thread writes). */
	private volatile long taken;

	private volatile int deferredCount;

	private volatile int parkedCount;

	Worker(String threadName, RecordProcessor<K, V> processor) {
		this.processor = processor;
		this.thread = new Thread(this, threadName);
	}

	void start() {
		this.thread.start();
	}

	/** Consumer thread: hands over one poll's records of this queue. */
	void submit(Task<K, V>[] batch) {
		this.submitted += batch.length;
		this.inbox.add(batch);
	}

	void purge() {
		this.inbox.add(PURGE);
	}

	void stop() {
		this.inbox.add(STOP);
	}

	void interrupt() {
		this.thread.interrupt();
	}

	boolean isAlive() {
		return this.thread.isAlive();
	}

	boolean join(long millis) throws InterruptedException {
		this.thread.join(Math.max(1, millis));
		return !this.thread.isAlive();
	}

	/** @return whether a record of one of these partitions is in the handler or recoverer now */
	boolean isBusyWith(Collection<TopicPartition> partitions) {
		Task<K, V> task = this.current;
		return task != null && partitions.contains(task.partition());
	}

	boolean isBusy() {
		return this.current != null;
	}

	long queued() {
		return Math.max(0, this.submitted - this.taken) + this.deferredCount;
	}

	int parkedKeys() {
		return this.parkedCount;
	}

	String name() {
		return this.thread.getName();
	}

	@Override
	public void run() {
		try {
			while (true) {
				Object item;
				ParkedKey<K, V> next = this.due.peek();
				if (next == null) {
					item = this.inbox.take();
				}
				else {
					long wait = next.dueNanos - System.nanoTime();
					item = (wait > 0) ? this.inbox.poll(wait, TimeUnit.NANOSECONDS) : this.inbox.poll();
				}
				if (item == STOP) {
					return;
				}
				if (item == PURGE) {
					purgeCancelled();
				}
				else if (item != null) {
					@SuppressWarnings("unchecked")
					Task<K, V>[] batch = (Task<K, V>[]) item;
					for (Task<K, V> task : batch) {
						accept(task);
					}
					this.taken += batch.length;
				}
				runDue();
			}
		}
		catch (InterruptedException ex) {
			// the engine gave up waiting for this worker at shutdown
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			log.error("Worker {} stopped unexpectedly; its parked records will be redelivered after a restart", name(), ex);
			throw ex;
		}
	}

	private void accept(Task<K, V> task) {
		if (task.isCancelled()) {
			return;
		}
		if (!this.parked.isEmpty()) {
			ParkedKey<K, V> waiting = this.parked.get(task.keyHash);
			if (waiting != null) {
				waiting.deferred.addLast(task);
				this.deferredCount++;
				return;
			}
		}
		Exception failure = attempt(task);
		if (failure != null) {
			ParkedKey<K, V> key = new ParkedKey<>(task.keyHash, task);
			this.parked.put(task.keyHash, key);
			this.parkedCount++;
			if (settle(key, failure)) {
				key.head = null;
				drive(key);
			}
		}
	}

	/** Runs the handler unless the record's partition generation ended; null on success or when skipped. */
	private Exception attempt(Task<K, V> task) {
		// publish before checking cancellation: the consumer thread cancels, then reads current (see WorkerPool.awaitIdle)
		this.current = task;
		try {
			if (task.isCancelled()) {
				return null;
			}
			Exception failure = this.processor.invoke(task.record);
			if (failure == null) {
				task.complete();
			}
			return failure;
		}
		finally {
			this.current = null;
		}
	}

	/**
	 * Decides what happens after a failure of the head record.
	 * @return true when the head is finished (recovered or dropped), false when it waits for a retry
	 */
	private boolean settle(ParkedKey<K, V> key, Exception failure) {
		key.attempts++;
		key.lastFailure = failure;
		long delay = RetryBackOff.STOP;
		if (this.processor.isRetryable(failure)) {
			if (key.backOff == null) {
				key.backOff = this.processor.backOff.start();
			}
			delay = key.backOff.nextDelayMillis();
		}
		if (delay == RetryBackOff.STOP) {
			return recover(key);
		}
		this.processor.counters.retries.increment();
		if (Integer.bitCount(key.attempts) == 1) {
			// attempts 1, 2, 4, 8...: visible without flooding the log when a record is retried for a long time
			Task<K, V> head = key.head;
			log.warn("Record {}@{} failed (attempt {}), retrying in {} ms; later records of its key wait, other keys go on: {}",
					head.partition(), head.record.offset(), key.attempts, delay, failure.toString());
		}
		schedule(key, delay);
		return false;
	}

	private boolean recover(ParkedKey<K, V> key) {
		Task<K, V> head = key.head;
		this.current = head;
		try {
			if (!head.isCancelled()) {
				this.processor.recover(head.record, key.lastFailure);
				head.complete();
			}
			key.recovering = false;
			return true;
		}
		catch (Exception ex) {
			log.error("Could not recover record {}@{} after {} attempts (last failure: {}); its key waits and recovery is "
					+ "tried again in {} ms", head.partition(), head.record.offset(), key.attempts, key.lastFailure,
					RecordProcessor.RECOVERY_RETRY_MILLIS, ex);
			key.recovering = true;
			schedule(key, RecordProcessor.RECOVERY_RETRY_MILLIS);
			return false;
		}
		finally {
			this.current = null;
		}
	}

	/** Works a parked key forward until its head waits for a retry again or nothing of the key is left. */
	private void drive(ParkedKey<K, V> key) {
		while (true) {
			if (key.head == null) {
				Task<K, V> next = key.deferred.pollFirst();
				if (next == null) {
					unpark(key);
					return;
				}
				this.deferredCount--;
				key.restartWith(next);
			}
			if (key.head.isCancelled()) {
				key.head = null;
				continue;
			}
			boolean finished;
			if (key.recovering) {
				finished = recover(key);
			}
			else {
				Exception failure = attempt(key.head);
				finished = (failure == null) || settle(key, failure);
			}
			if (!finished) {
				return;
			}
			key.head = null;
		}
	}

	private void runDue() {
		ParkedKey<K, V> key;
		while ((key = this.due.peek()) != null && key.dueNanos - System.nanoTime() <= 0) {
			this.due.poll();
			key.scheduled = false;
			drive(key);
		}
	}

	private void schedule(ParkedKey<K, V> key, long delayMillis) {
		if (key.scheduled) {
			this.due.remove(key);
		}
		key.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
		key.scheduled = true;
		this.due.add(key);
	}

	private void unpark(ParkedKey<K, V> key) {
		if (key.scheduled) {
			this.due.remove(key);
			key.scheduled = false;
		}
		if (this.parked.remove(key.keyHash) != null) {
			this.parkedCount--;
		}
	}

	/** Drops parked and deferred records of cancelled generations; a key whose head was dropped moves on at once. */
	private void purgeCancelled() {
		for (ParkedKey<K, V> key : new ArrayList<>(this.parked.values())) {
			if (dropCancelled(key)) {
				drive(key);
			}
		}
	}

	/** @return whether the key's head was dropped (the key has to move on now) */
	private boolean dropCancelled(ParkedKey<K, V> key) {
		for (Iterator<Task<K, V>> it = key.deferred.iterator(); it.hasNext();) {
			if (it.next().isCancelled()) {
				it.remove();
				this.deferredCount--;
			}
		}
		if (key.head != null && key.head.isCancelled()) {
			key.head = null;
			if (key.scheduled) {
				this.due.remove(key);
				key.scheduled = false;
			}
			return true;
		}
		return false;
	}

	/** After this worker stopped: its parked keys, cancelled records already removed. */
	List<ParkedKey<K, V>> releaseParked() {
		List<ParkedKey<K, V>> keys = new ArrayList<>();
		for (ParkedKey<K, V> key : this.parked.values()) {
			dropCancelled(key);
			if (key.head != null || !key.deferred.isEmpty()) {
				keys.add(key);
			}
		}
		this.parked.clear();
		this.due.clear();
		this.parkedCount = 0;
		this.deferredCount = 0;
		return keys;
	}

	/** Before this worker starts: takes over a parked key of a stopped worker, keeping its retry schedule. */
	void adopt(ParkedKey<K, V> key) {
		this.parked.put(key.keyHash, key);
		this.parkedCount++;
		this.deferredCount += key.deferred.size();
		long dueNanos = (key.head == null) ? System.nanoTime() : key.dueNanos;
		key.dueNanos = dueNanos;
		key.scheduled = true;
		this.due.add(key);
	}

}
