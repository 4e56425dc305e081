package io.github.reliablemessaging.ordered.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of an engine and their queues. Driven by the consumer thread; other threads only read the published
 * views (size, queue depth, parked keys).
 *
 * <p>A pool swap (resize, multithreading switch) never runs old and new workers at the same time: the old workers
 * get a stop marker behind their queued records, so each finishes its queue and ends; only then are their parked
 * keys handed to the new workers (by the new key mapping, with their deferred records and retry schedule) and the new
 * workers started. While the swap is under way the pool accepts no records ({@link #isAccepting()} is false).
 */
final class WorkerPool<K, V> {

	private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

	private static final long IDLE_CHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private final String name;

	private final RecordProcessor<K, V> processor;

	private Worker<K, V>[] workers;

	private Worker<K, V>[] retiring;

	private TaskBuffer<K, V>[] buffers;

	private volatile List<Worker<K, V>> view = List.of();

	private volatile int size;

	private volatile boolean swapping;

	WorkerPool(String name, RecordProcessor<K, V> processor) {
		this.name = name;
		this.processor = processor;
	}

	/** Creates and starts the first workers. */
	void start(int count) {
		this.workers = create(count);
		for (Worker<K, V> worker : this.workers) {
			worker.start();
		}
		publish();
	}

	/** @return whether records can be dispatched now (false while a swap waits for the old workers) */
	boolean isAccepting() {
		return this.workers != null;
	}

	/** @return whether a swap is under way (consumer thread) */
	boolean isSwapping() {
		return this.retiring != null;
	}

	/** Adds a record to its queue's batch; {@link #flush()} hands the batches over. */
	void add(Task<K, V> task) {
		int queues = this.workers.length;
		int queue = (queues == 1) ? 0 : KeyHashing.bucket(task.keyHash, queues);
		this.buffers[queue].add(task);
	}

	/** Hands each queue the records added since the last flush, as one batch. */
	void flush() {
		for (int queue = 0; queue < this.workers.length; queue++) {
			TaskBuffer<K, V> buffer = this.buffers[queue];
			if (buffer.size > 0) {
				this.workers[queue].submit(buffer.drain());
			}
		}
	}

	/**
	 * Moves the pool one step towards {@code desired} workers: starts a swap, or completes it once every old worker
	 * has ended.
	 * @param desired worker count wanted
	 * @param mayStart whether a new swap may start (not while shutting down)
	 * @return true when a swap completed in this call
	 */
	boolean reconcile(int desired, boolean mayStart) {
		if (this.retiring == null) {
			if (this.workers.length != desired && mayStart) {
				log.info("{}: resizing the worker pool {} -> {}; dispatch paused until the queues drain", this.name,
						this.workers.length, desired);
				this.retiring = this.workers;
				this.workers = null;
				for (Worker<K, V> worker : this.retiring) {
					worker.stop();
				}
				publish();
			}
			return false;
		}
		for (Worker<K, V> worker : this.retiring) {
			if (worker.isAlive()) {
				return false;
			}
		}
		Worker<K, V>[] next = create(desired);
		int moved = 0;
		for (Worker<K, V> old : this.retiring) {
			for (ParkedKey<K, V> key : old.releaseParked()) {
				next[(desired == 1) ? 0 : KeyHashing.bucket(key.keyHash, desired)].adopt(key);
				moved++;
			}
		}
		for (Worker<K, V> worker : next) {
			worker.start();
		}
		int previous = this.retiring.length;
		this.workers = next;
		this.retiring = null;
		publish();
		log.info("{}: worker pool resized {} -> {} ({} keys waiting for a retry handed over); dispatch resumed", this.name,
				previous, desired, moved);
		return true;
	}

	/** @return whether the pool runs with {@code desired} workers and no swap is under way */
	boolean hasSize(int desired) {
		return this.retiring == null && this.workers.length == desired;
	}

	/**
	 * Waits, bounded, until no worker (old or new) runs a record of these partitions. Their generation must be
	 * cancelled before, so that no new record of theirs starts meanwhile: a worker publishes the record it is about to
	 * run, then checks cancellation; this thread cancels, then reads what the workers run (both volatile), so one of
	 * the two always sees the other.
	 * @return false when the timeout elapsed first
	 */
	boolean awaitIdle(Collection<TopicPartition> partitions, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			boolean busy = false;
			for (Worker<K, V> worker : this.view) {
				if (worker.isBusyWith(partitions)) {
					busy = true;
					break;
				}
			}
			if (!busy) {
				return true;
			}
			if (System.nanoTime() - deadline >= 0) {
				log.warn("{}: a record of {} is still being processed after {}; going on without it (its partition "
						+ "will redeliver it)", this.name, partitions, timeout);
				return false;
			}
			LockSupport.parkNanos(IDLE_CHECK_NANOS);
		}
	}

	/** Makes every worker drop parked and deferred records of cancelled generations, in queue order. */
	void purge() {
		if (this.workers != null) {
			for (Worker<K, V> worker : this.workers) {
				worker.purge();
			}
		}
		// old workers of a swap hand their parked keys over when they end; cancelled ones are dropped then
	}

	/** Stops every worker once it reaches the marker; interrupts those still running after {@code timeout}. */
	void stop(Duration timeout) {
		List<Worker<K, V>> all = this.view;
		for (Worker<K, V> worker : all) {
			worker.stop();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker<K, V> worker : all) {
			try {
				if (!worker.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) {
					log.warn("{}: worker {} did not stop in time; interrupting it", this.name, worker.name());
					worker.interrupt();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				worker.interrupt();
			}
		}
		this.view = List.of();
		this.size = 0;
		this.swapping = false;
	}

	/** @return workers running now (0 during a swap) */
	int size() {
		return this.size;
	}

	/** @return whether a swap is under way (any thread) */
	boolean swapping() {
		return this.swapping;
	}

	/** @return records queued or deferred over all workers (any thread) */
	long queued() {
		long queued = 0;
		for (Worker<K, V> worker : this.view) {
			queued += worker.queued();
		}
		return queued;
	}

	/** @return keys waiting for a retry over all workers (any thread) */
	int parkedKeys() {
		int parked = 0;
		for (Worker<K, V> worker : this.view) {
			parked += worker.parkedKeys();
		}
		return parked;
	}

	@SuppressWarnings("unchecked")
	private Worker<K, V>[] create(int count) {
		Worker<K, V>[] pool = new Worker[count];
		TaskBuffer<K, V>[] batches = new TaskBuffer[count];
		for (int i = 0; i < count; i++) {
			pool[i] = new Worker<>("reliable-ordered-" + this.name + "-" + i, this.processor);
			batches[i] = new TaskBuffer<>();
		}
		this.buffers = batches;
		return pool;
	}

	private void publish() {
		List<Worker<K, V>> all = new ArrayList<>();
		if (this.workers != null) {
			all.addAll(Arrays.asList(this.workers));
		}
		if (this.retiring != null) {
			all.addAll(Arrays.asList(this.retiring));
		}
		this.view = List.copyOf(all);
		this.size = (this.workers != null) ? this.workers.length : 0;
		this.swapping = this.retiring != null;
	}

	/** Grows per poll and hands over exact-size arrays, so one poll's records of a queue travel as one batch. */
	private static final class TaskBuffer<K, V> {

		@SuppressWarnings("unchecked")
		private Task<K, V>[] items = new Task[16];

		int size;

		void add(Task<K, V> task) {
			if (this.size == this.items.length) {
				this.items = Arrays.copyOf(this.items, this.size * 2);
			}
			this.items[this.size++] = task;
		}

		Task<K, V>[] drain() {
			Task<K, V>[] batch = Arrays.copyOf(this.items, this.size);
			Arrays.fill(this.items, 0, this.size, null);
			this.size = 0;
			return batch;
		}

	}

}
