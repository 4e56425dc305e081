package io.github.reliablemessaging.ordered.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.reliablemessaging.ordered.ConsumerCallbacks;
import io.github.reliablemessaging.ordered.OrderedSettings;
import io.github.reliablemessaging.ordered.OrderedStats;
import io.github.reliablemessaging.ordered.OrderedStats.PartitionStats;
import io.github.reliablemessaging.ordered.PauseRequests;
import io.github.reliablemessaging.ordered.RecordHandler;
import io.github.reliablemessaging.ordered.RecordRecoverer;
import io.github.reliablemessaging.ordered.RetryBackOff;
import io.github.reliablemessaging.ordered.Seeker;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered consumer engine: one consumer thread that polls, dispatches each record by key hash to one of N
 * worker queues, tracks completion per partition and commits the contiguous completed prefix; N workers that process
 * their queues in order. Plain Java and Kafka clients.
 *
 * <p>Everything that touches the consumer runs on the consumer thread: polling, dispatch, commits, pauses,
 * rebalance handling, seeks and pool swaps. Other threads only leave requests (seeks, resize, stop) and read
 * published views. The consumer thread never waits unboundedly for workers: while a pool swap or a shutdown waits
 * for queues to drain, it keeps polling with every partition paused, so group membership is never at risk.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Engine<K, V> {

	private static final Logger log = LoggerFactory.getLogger(Engine.class);

	/** Poll timeout while waiting for workers (resize, shutdown, backpressure), so progress is seen promptly. */
	private static final Duration WAITING_POLL = Duration.ofMillis(5);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final String name;

	private final Supplier<? extends Consumer<K, V>> consumers;

	private final Subscription subscription;

	private final OrderedSettings settings;

	private final Counters counters = new Counters();

	private final RecordProcessor<K, V> processor;

	private final ConsumerCallbacks callbacks;

	private final PauseRequests pauses;

	private final RecordKeys keys;

	private final WorkerPool<K, V> pool;

	private final Seeker queuedSeeker = new QueuedSeeker();

	private final ConcurrentLinkedQueue<SeekRequest> seeks = new ConcurrentLinkedQueue<>();

	private final List<CompletableFuture<Void>> poolWaiters = new ArrayList<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private volatile int targetConcurrency;

	private volatile boolean targetMultithreaded;

	private volatile boolean stopRequested;

	private volatile boolean running;

	private volatile Consumer<K, V> consumer;

	// consumer thread state

	private final Map<TopicPartition, PartitionTrack> tracks = new LinkedHashMap<>();

	private boolean draining;

	private long drainDeadline;

	private long lastCommit;

	private boolean anyBackpressured;

	// views for other threads

	private volatile Set<TopicPartition> assignmentView = Set.of();

	private volatile Set<TopicPartition> pausedView = Set.of();

	private volatile boolean containerPaused;

	private volatile List<PartitionStats> partitionView = List.of();

	/**
	 * @param name names the threads ({@code reliable-ordered-<name>-<n>}) and log lines
	 * @param consumers creates the consumer (auto-commit must be off)
	 * @param subscription what to consume
	 * @param handler processes records on the workers
	 * @param settings how to run
	 * @param backOff delays between attempts of a failing record
	 * @param retryable which failures are worth a retry
	 * @param recoverer takes records whose retries are exhausted
	 * @param callbacks consumer thread hooks
	 * @param pauses operator pause requests
	 */
	public Engine(String name, Supplier<? extends Consumer<K, V>> consumers, Subscription subscription,
			RecordHandler<K, V> handler, OrderedSettings settings, RetryBackOff backOff, Predicate<Throwable> retryable,
			RecordRecoverer<K, V> recoverer, ConsumerCallbacks callbacks, PauseRequests pauses) {
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.consumers = Objects.requireNonNull(consumers, "consumers must not be null");
		this.subscription = Objects.requireNonNull(subscription, "subscription must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.processor = new RecordProcessor<>(Objects.requireNonNull(handler, "handler must not be null"),
				Objects.requireNonNull(backOff, "backOff must not be null"),
				Objects.requireNonNull(retryable, "retryable must not be null"),
				Objects.requireNonNull(recoverer, "recoverer must not be null"), this.counters);
		this.callbacks = Objects.requireNonNull(callbacks, "callbacks must not be null");
		this.pauses = Objects.requireNonNull(pauses, "pauses must not be null");
		this.keys = new RecordKeys(settings.hashSalt());
		this.pool = new WorkerPool<>(name, this.processor);
		this.targetConcurrency = settings.concurrency();
		this.targetMultithreaded = settings.multithreaded();
	}

	// ---------------------------------------------------------------- API (any thread)

	/** Creates the consumer (failing fast on bad configuration), starts the workers and the consumer thread. */
	public void start() {
		if (!this.started.compareAndSet(false, true)) {
			throw new IllegalStateException(this.name + " was already started; create a new engine to start again");
		}
		this.consumer = this.consumers.get();
		this.pool.start(desiredWorkers());
		this.running = true;
		Thread thread = new Thread(this::run, threadName("consumer"));
		thread.start();
	}

	/**
	 * Asks for a graceful stop: no more records are fetched, dispatched records are awaited up to the shutdown
	 * timeout, completed offsets are committed, the consumer is closed.
	 * @return completes when the consumer thread has ended
	 */
	public CompletableFuture<Void> stop() {
		this.stopRequested = true;
		if (!this.started.get()) {
			this.terminated.complete(null);
		}
		return this.terminated.copy();
	}

	/** @return completes when the consumer thread has ended (exceptionally after a fatal error) */
	public CompletableFuture<Void> terminated() {
		return this.terminated.copy();
	}

	/** @return whether the consumer thread runs */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * @param concurrency new worker count
	 * @return completes when the pool runs with it (at once if multithreading is off or the engine is stopped)
	 */
	public CompletableFuture<Void> resize(int concurrency) {
		if (concurrency < 1 || concurrency > OrderedSettings.MAX_CONCURRENCY) {
			throw new IllegalArgumentException("concurrency must be between 1 and " + OrderedSettings.MAX_CONCURRENCY
					+ ", was " + concurrency);
		}
		this.targetConcurrency = concurrency;
		return poolChange();
	}

	/**
	 * @param multithreaded true for the worker pool, false for one worker processing records in poll order
	 * @return completes when the pool runs accordingly
	 */
	public CompletableFuture<Void> setMultithreaded(boolean multithreaded) {
		this.targetMultithreaded = multithreaded;
		return poolChange();
	}

	/** @return configured worker count */
	public int concurrency() {
		return this.targetConcurrency;
	}

	/** @return whether multithreading is on */
	public boolean isMultithreaded() {
		return this.targetMultithreaded;
	}

	/** @return a seeker that queues seeks for the consumer thread */
	public Seeker seeker() {
		return this.queuedSeeker;
	}

	/** @return partitions assigned now */
	public Set<TopicPartition> assignment() {
		return this.assignmentView;
	}

	/** @return partitions paused now, for any reason */
	public Set<TopicPartition> pausedPartitions() {
		return this.pausedView;
	}

	/** @return whether a requested pause of the whole consumer is in force on every assigned partition */
	public boolean isPaused() {
		return this.containerPaused;
	}

	/** @return the consumer's own metrics */
	public Map<MetricName, ? extends Metric> metrics() {
		Consumer<K, V> current = this.consumer;
		return (current != null) ? current.metrics() : Map.of();
	}

	/** @return a snapshot of the engine's state and counters */
	public OrderedStats stats() {
		List<PartitionStats> partitions = this.partitionView;
		long inFlight = 0;
		long lag = 0;
		int paused = 0;
		for (PartitionStats partition : partitions) {
			inFlight += partition.inFlight();
			if (partition.position() >= 0 && partition.committed() >= 0) {
				lag += Math.max(0, partition.position() - partition.committed());
			}
			paused += partition.paused() ? 1 : 0;
		}
		return new OrderedStats(this.name, this.running, this.pool.size(), this.targetConcurrency,
				this.targetMultithreaded, this.running && this.pool.swapping(), this.pool.queued(), inFlight,
				this.pool.parkedKeys(), paused, lag, this.counters.processed.sum(),
				this.counters.invocations.sum(), this.counters.invocationNanos.sum(), this.counters.retries.sum(),
				this.counters.deadLettered.sum(), this.counters.resizes.sum(), partitions);
	}

	private CompletableFuture<Void> poolChange() {
		synchronized (this.poolWaiters) {
			if (!this.started.get() || this.terminated.isDone()) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<Void> waiter = new CompletableFuture<>();
			this.poolWaiters.add(waiter);
			return waiter;
		}
	}

	private int desiredWorkers() {
		return this.targetMultithreaded ? this.targetConcurrency : 1;
	}

	private String threadName(String suffix) {
		return "reliable-ordered-" + this.name + "-" + suffix;
	}

	// ---------------------------------------------------------------- consumer thread

	private void run() {
		Throwable failure = null;
		try {
			this.callbacks.onConsumerStarted(this.queuedSeeker);
			this.subscription.apply(this.consumer, new Rebalance());
			if (this.subscription.isManual()) {
				assigned(this.subscription.partitions());
			}
			while (true) {
				if (this.stopRequested && !this.draining) {
					beginDrain();
				}
				processSeeks();
				reconcilePool();
				applyPauses();
				dispatch(pollOnce());
				advanceAll();
				maybeCommit();
				if (this.draining && drainFinished()) {
					break;
				}
			}
		}
		catch (Throwable ex) {
			failure = ex;
			log.error("{}: consumer thread failed; stopping (uncompleted records will be redelivered)", this.name, ex);
		}
		finally {
			finish(failure);
		}
	}

	private ConsumerRecords<K, V> pollOnce() {
		boolean waiting = this.draining || this.pool.isSwapping() || this.anyBackpressured;
		Duration timeout = this.settings.pollTimeout();
		if (waiting && timeout.compareTo(WAITING_POLL) > 0) {
			timeout = WAITING_POLL;
		}
		try {
			return this.consumer.poll(timeout);
		}
		catch (WakeupException ex) {
			return ConsumerRecords.empty();
		}
		catch (AuthenticationException | AuthorizationException | InvalidOffsetException | FencedInstanceIdException
				| InvalidGroupIdException | UnsupportedVersionException | InterruptException | IllegalStateException ex) {
			throw ex;
		}
		catch (RecordDeserializationException ex) {
			log.error("{}: record {}@{} cannot be deserialized; configure Spring Kafka's ErrorHandlingDeserializer so that "
					+ "such records reach the dead-letter recoverer. Retrying in 1 s.", this.name, ex.topicPartition(),
					ex.offset(), ex);
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
			return ConsumerRecords.empty();
		}
		catch (KafkaException ex) {
			log.warn("{}: poll failed, retrying: {}", this.name, ex.toString());
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			return ConsumerRecords.empty();
		}
	}

	private void dispatch(ConsumerRecords<K, V> records) {
		if (records.isEmpty()) {
			return;
		}
		boolean accepting = this.pool.isAccepting() && !this.draining;
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<K, V>> list = records.records(partition);
			PartitionTrack track = this.tracks.get(partition);
			if (!accepting || track == null) {
				// fetched while the partition should have been paused: give the records back to the log
				if (this.consumer.assignment().contains(partition)) {
					this.consumer.seek(partition, list.get(0).offset());
				}
				continue;
			}
			int size = list.size();
			Chunk chunk = track.open(size);
			for (int i = 0; i < size; i++) {
				ConsumerRecord<K, V> record = list.get(i);
				chunk.offsets[i] = record.offset();
				this.pool.add(new Task<>(record, chunk, i, this.keys.hash(record)));
			}
		}
		if (accepting) {
			this.pool.flush();
		}
	}

	private void advanceAll() {
		boolean any = false;
		for (PartitionTrack track : this.tracks.values()) {
			track.advance();
			if (!track.backpressured && track.tracked >= this.settings.maxInFlightPerPartition()) {
				track.backpressured = true;
			}
			else if (track.backpressured && track.tracked <= this.settings.resumeInFlightPerPartition()) {
				track.backpressured = false;
			}
			any |= track.backpressured;
		}
		this.anyBackpressured = any;
	}

	private void applyPauses() {
		boolean all = this.draining || this.pool.isSwapping() || this.pauses.isPauseRequested();
		Set<TopicPartition> paused = this.consumer.paused();
		List<TopicPartition> toPause = null;
		List<TopicPartition> toResume = null;
		for (PartitionTrack track : this.tracks.values()) {
			TopicPartition partition = track.partition;
			boolean wanted = all || track.backpressured || this.pauses.isPartitionPauseRequested(partition);
			boolean now = paused.contains(partition);
			if (wanted && !now) {
				toPause = add(toPause, partition);
			}
			else if (!wanted && now) {
				toResume = add(toResume, partition);
			}
		}
		if (toPause != null) {
			this.consumer.pause(toPause);
		}
		if (toResume != null) {
			this.consumer.resume(toResume);
		}
		Set<TopicPartition> nowPaused = (toPause != null || toResume != null) ? this.consumer.paused() : paused;
		if (!nowPaused.equals(this.pausedView)) {
			this.pausedView = Set.copyOf(nowPaused);
		}
		this.containerPaused = this.pauses.isPauseRequested() && this.pausedView.containsAll(this.tracks.keySet());
	}

	private static List<TopicPartition> add(List<TopicPartition> list, TopicPartition partition) {
		List<TopicPartition> result = (list != null) ? list : new ArrayList<>();
		result.add(partition);
		return result;
	}

	// ---------------------------------------------------------------- commits

	private void maybeCommit() {
		long now = System.nanoTime();
		if (now - this.lastCommit < this.settings.commitInterval().toNanos()) {
			return;
		}
		this.lastCommit = now;
		Map<TopicPartition, OffsetAndMetadata> offsets = null;
		for (PartitionTrack track : this.tracks.values()) {
			long target = commitTarget(track);
			if (target >= 0 && target != track.commitSent) {
				if (offsets == null) {
					offsets = new HashMap<>();
				}
				offsets.put(track.partition, new OffsetAndMetadata(target));
				track.commitSent = target;
			}
		}
		if (offsets != null) {
			try {
				this.consumer.commitAsync(offsets, this::committed);
			}
			catch (KafkaException ex) {
				committed(offsets, ex);
			}
		}
		publishPartitions();
	}

	/**
	 * The offset to commit: the first received record that is not complete, so gaps in the offsets (transaction
	 * markers, compaction) never hold a commit back; when every received record is complete, the consumer's position,
	 * which is also past trailing markers and aborted records the client skipped.
	 */
	private long commitTarget(PartitionTrack track) {
		track.advance();
		if (track.tracked > 0) {
			return track.firstIncomplete();
		}
		return positionIfKnown(track.partition);
	}

	private long positionIfKnown(TopicPartition partition) {
		try {
			return this.consumer.position(partition, Duration.ZERO);
		}
		catch (TimeoutException | IllegalStateException ex) {
			return -1;
		}
		catch (KafkaException ex) {
			log.debug("{}: position of {} unknown: {}", this.name, partition, ex.toString());
			return -1;
		}
	}

	private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
		for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
			PartitionTrack track = this.tracks.get(entry.getKey());
			if (track == null) {
				continue;
			}
			long offset = entry.getValue().offset();
			if (failure == null) {
				track.committed = offset;
			}
			else if (track.commitSent == offset) {
				// send it again next cycle
				track.commitSent = track.committed;
			}
		}
		if (failure != null) {
			if (failure instanceof RebalanceInProgressException) {
				log.debug("{}: commit of {} deferred by a rebalance", this.name, offsets);
			}
			else {
				log.warn("{}: commit of {} failed, retrying next cycle: {}", this.name, offsets, failure.toString());
			}
		}
	}

	private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
		if (offsets.isEmpty()) {
			return;
		}
		try {
			this.consumer.commitSync(offsets, this.settings.revokeTimeout());
			offsets.forEach((partition, offset) -> {
				PartitionTrack track = this.tracks.get(partition);
				if (track != null) {
					track.committed = offset.offset();
					track.commitSent = offset.offset();
				}
			});
			log.debug("{}: committed {}", this.name, offsets);
		}
		catch (WakeupException | InterruptException ex) {
			log.warn("{}: commit of {} interrupted: {}", this.name, offsets, ex.toString());
		}
		catch (KafkaException ex) {
			log.warn("{}: commit of {} failed: {}", this.name, offsets, ex.toString());
		}
	}

	private Map<TopicPartition, OffsetAndMetadata> completedOffsets(Collection<PartitionTrack> of) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (PartitionTrack track : of) {
			long target = commitTarget(track);
			if (target >= 0 && target != track.committed) {
				offsets.put(track.partition, new OffsetAndMetadata(target));
			}
		}
		return offsets;
	}

	// ---------------------------------------------------------------- rebalances

	private void assigned(Collection<TopicPartition> partitions) {
		boolean pauseAll = this.draining || this.pool.isSwapping() || this.pauses.isPauseRequested();
		List<TopicPartition> pauseNow = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			PartitionTrack previous = this.tracks.get(partition);
			if (previous != null) {
				previous.cancelled = true;
			}
			this.tracks.put(partition, (previous != null) ? previous.successor() : new PartitionTrack(partition));
			if (pauseAll || this.pauses.isPartitionPauseRequested(partition)) {
				pauseNow.add(partition);
			}
		}
		if (!pauseNow.isEmpty()) {
			// before this poll returns records of them
			this.consumer.pause(pauseNow);
		}
		publishAssignment();
		if (this.callbacks != ConsumerCallbacks.NONE) {
			Map<TopicPartition, Long> positions = new LinkedHashMap<>();
			for (TopicPartition partition : partitions) {
				positions.put(partition, this.consumer.position(partition));
			}
			this.callbacks.onPartitionsAssigned(this.consumer, Collections.unmodifiableMap(positions),
					new DirectSeeker(new HashSet<>(partitions)));
		}
		log.info("{}: partitions assigned: {}", this.name, partitions);
	}

	/**
	 * Stops dispatching the partitions (their queued and parked records are dropped), waits a bounded time for the
	 * record of theirs being processed now, commits what is complete (unless lost) and forgets them.
	 */
	private void revoked(Collection<TopicPartition> partitions, boolean lost) {
		List<PartitionTrack> gone = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			PartitionTrack track = this.tracks.get(partition);
			if (track != null) {
				track.cancelled = true;
				gone.add(track);
			}
		}
		if (!gone.isEmpty()) {
			if (!lost) {
				this.pool.awaitIdle(partitions, this.settings.revokeTimeout());
				commitSync(completedOffsets(gone));
			}
			partitions.forEach(this.tracks::remove);
			this.pool.purge();
			publishAssignment();
			publishPartitions();
		}
		log.info("{}: partitions {}: {}", this.name, lost ? "lost" : "revoked", partitions);
	}

	private final class Rebalance implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			Consumer<K, V> current = Engine.this.consumer;
			safely("onPartitionsRevoking", () -> Engine.this.callbacks.onPartitionsRevoking(current, partitions));
			revoked(partitions, false);
			safely("onPartitionsRevoked", () -> Engine.this.callbacks.onPartitionsRevoked(current, partitions));
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			revoked(partitions, true);
			safely("onPartitionsLost", () -> Engine.this.callbacks.onPartitionsLost(Engine.this.consumer, partitions));
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			assigned(partitions);
		}

	}

	private void safely(String what, Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			log.error("{}: {} callback failed", this.name, what, ex);
		}
	}

	// ---------------------------------------------------------------- seeks

	private void processSeeks() {
		if (this.seeks.isEmpty()) {
			return;
		}
		List<SeekRequest> requests = new ArrayList<>();
		SeekRequest request;
		while ((request = this.seeks.poll()) != null) {
			requests.add(request);
		}
		Set<TopicPartition> affected = new LinkedHashSet<>();
		for (SeekRequest seek : requests) {
			if (this.tracks.containsKey(seek.partition())) {
				affected.add(seek.partition());
			}
			else {
				log.warn("{}: seek of {} ignored: the partition is not assigned to this consumer", this.name, seek.partition());
			}
		}
		if (affected.isEmpty()) {
			return;
		}
		for (TopicPartition partition : affected) {
			this.tracks.get(partition).cancelled = true;
		}
		this.pool.awaitIdle(affected, this.settings.revokeTimeout());
		Map<TopicPartition, Long> current = new HashMap<>();
		for (TopicPartition partition : affected) {
			PartitionTrack old = this.tracks.get(partition);
			old.advance();
			current.put(partition, (old.tracked > 0) ? old.firstIncomplete() : this.consumer.position(partition));
			this.tracks.put(partition, old.successor());
		}
		this.pool.purge();
		for (SeekRequest seek : requests) {
			if (affected.contains(seek.partition())) {
				apply(seek, current);
			}
		}
	}

	/** Repositions the consumer; {@code current} holds, per partition, where consumption would resume. */
	private void apply(SeekRequest seek, Map<TopicPartition, Long> current) {
		TopicPartition partition = seek.partition();
		long from = current.get(partition);
		try {
			long target = switch (seek.kind()) {
				case OFFSET -> seek.value();
				case FUNCTION -> seek.function().applyAsLong(from);
				case RELATIVE -> relativeTarget(partition, from, seek.value(), seek.toCurrent());
				case BEGINNING -> this.consumer.beginningOffsets(List.of(partition)).get(partition);
				case END -> this.consumer.endOffsets(List.of(partition)).get(partition);
				case TIMESTAMP -> timestampTarget(partition, seek.value());
			};
			this.consumer.seek(partition, target);
			current.put(partition, target);
			log.info("{}: {} seek ({}): consumption of {} continues at offset {} (lowest uncompleted offset was {})",
					this.name, seek.kind().name().toLowerCase(), seek.value(), partition, target, from);
		}
		catch (RuntimeException ex) {
			// the partition's records were already dropped: resume where they were, so that nothing is skipped
			this.consumer.seek(partition, from);
			log.error("{}: seek of {} failed; consumption continues at {}", this.name, partition, from, ex);
		}
	}

	private long relativeTarget(TopicPartition partition, long from, long delta, boolean toCurrent) {
		if (toCurrent) {
			return Math.max(0, from + delta);
		}
		if (delta >= 0) {
			return this.consumer.beginningOffsets(List.of(partition)).get(partition) + delta;
		}
		long end = this.consumer.endOffsets(List.of(partition)).get(partition);
		long start = this.consumer.beginningOffsets(List.of(partition)).get(partition);
		return Math.max(start, end + delta);
	}

	private long timestampTarget(TopicPartition partition, long timestamp) {
		OffsetAndTimestamp found = this.consumer.offsetsForTimes(Map.of(partition, timestamp)).get(partition);
		return (found != null) ? found.offset() : this.consumer.endOffsets(List.of(partition)).get(partition);
	}

	private final class QueuedSeeker implements Seeker {

		@Override
		public void seek(TopicPartition partition, long offset) {
			Engine.this.seeks.add(SeekRequest.offset(partition, offset));
		}

		@Override
		public void seek(TopicPartition partition, LongUnaryOperator fromCurrent) {
			Engine.this.seeks.add(SeekRequest.function(partition, fromCurrent));
		}

		@Override
		public void seekRelative(TopicPartition partition, long delta, boolean toCurrent) {
			Engine.this.seeks.add(SeekRequest.relative(partition, delta, toCurrent));
		}

		@Override
		public void seekToBeginning(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> Engine.this.seeks.add(SeekRequest.beginning(partition)));
		}

		@Override
		public void seekToEnd(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> Engine.this.seeks.add(SeekRequest.end(partition)));
		}

		@Override
		public void seekToTimestamp(Collection<TopicPartition> partitions, long timestamp) {
			partitions.forEach((partition) -> Engine.this.seeks.add(SeekRequest.timestamp(partition, timestamp)));
		}

	}

	/**
	 * Seeks at once, for partitions just assigned (nothing of theirs is dispatched yet); other partitions go through
	 * the queue.
	 */
	private final class DirectSeeker implements Seeker {

		private final Set<TopicPartition> fresh;

		DirectSeeker(Set<TopicPartition> fresh) {
			this.fresh = fresh;
		}

		private void run(SeekRequest seek) {
			if (this.fresh.contains(seek.partition())) {
				Map<TopicPartition, Long> current = new HashMap<>();
				current.put(seek.partition(), Engine.this.consumer.position(seek.partition()));
				apply(seek, current);
			}
			else {
				Engine.this.seeks.add(seek);
			}
		}

		@Override
		public void seek(TopicPartition partition, long offset) {
			run(SeekRequest.offset(partition, offset));
		}

		@Override
		public void seek(TopicPartition partition, LongUnaryOperator fromCurrent) {
			run(SeekRequest.function(partition, fromCurrent));
		}

		@Override
		public void seekRelative(TopicPartition partition, long delta, boolean toCurrent) {
			run(SeekRequest.relative(partition, delta, toCurrent));
		}

		@Override
		public void seekToBeginning(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> run(SeekRequest.beginning(partition)));
		}

		@Override
		public void seekToEnd(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> run(SeekRequest.end(partition)));
		}

		@Override
		public void seekToTimestamp(Collection<TopicPartition> partitions, long timestamp) {
			partitions.forEach((partition) -> run(SeekRequest.timestamp(partition, timestamp)));
		}

	}

	// ---------------------------------------------------------------- worker pool

	/** Brings the pool to the requested worker count; see {@link WorkerPool} for how a swap keeps keys on one worker. */
	private void reconcilePool() {
		int desired = desiredWorkers();
		if (this.pool.reconcile(desired, !this.draining)) {
			this.counters.resizes.increment();
		}
		if (this.pool.hasSize(desired)) {
			completePoolWaiters();
		}
	}

	private void completePoolWaiters() {
		synchronized (this.poolWaiters) {
			if (!this.poolWaiters.isEmpty()) {
				this.poolWaiters.forEach((waiter) -> waiter.complete(null));
				this.poolWaiters.clear();
			}
		}
	}

	private void publishAssignment() {
		this.assignmentView = Set.copyOf(this.tracks.keySet());
	}

	private void publishPartitions() {
		List<PartitionStats> view = new ArrayList<>(this.tracks.size());
		Set<TopicPartition> paused = this.pausedView;
		for (PartitionTrack track : this.tracks.values()) {
			view.add(new PartitionStats(track.partition, track.tracked, positionIfKnown(track.partition), track.committed,
					paused.contains(track.partition), track.backpressured));
		}
		this.partitionView = List.copyOf(view);
	}

	// ---------------------------------------------------------------- shutdown

	private void beginDrain() {
		this.draining = true;
		this.drainDeadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		long pending = this.tracks.values().stream().mapToLong((track) -> track.tracked).sum();
		log.info("{}: stopping; waiting up to {} for {} dispatched records", this.name, this.settings.shutdownTimeout(), pending);
	}

	private boolean drainFinished() {
		long pending = 0;
		for (PartitionTrack track : this.tracks.values()) {
			pending += track.tracked;
		}
		if (pending == 0 && !this.pool.isSwapping()) {
			return true;
		}
		if (System.nanoTime() - this.drainDeadline >= 0) {
			log.warn("{}: shutdown timeout {} reached with {} records not completed; they stay uncommitted and will be "
					+ "redelivered", this.name, this.settings.shutdownTimeout(), pending);
			return true;
		}
		return false;
	}

	private void finish(Throwable failure) {
		try {
			List<PartitionTrack> all = new ArrayList<>(this.tracks.values());
			for (PartitionTrack track : all) {
				track.cancelled = true;
			}
			this.pool.awaitIdle(this.tracks.keySet(), this.settings.revokeTimeout());
			if (!(failure instanceof InterruptException)) {
				commitSync(completedOffsets(all));
			}
			this.pool.stop(this.settings.revokeTimeout());
		}
		catch (RuntimeException ex) {
			log.error("{}: shutdown failed", this.name, ex);
		}
		finally {
			// nothing is tracked any more: the revocation the close triggers has nothing left to commit
			this.tracks.clear();
			try {
				this.consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
			}
			catch (RuntimeException ex) {
				log.warn("{}: closing the consumer failed: {}", this.name, ex.toString());
			}
			safely("onConsumerStopping", this.callbacks::onConsumerStopping);
			this.running = false;
			this.assignmentView = Set.of();
			this.pausedView = Set.of();
			this.partitionView = List.of();
			this.containerPaused = false;
			synchronized (this.poolWaiters) {
				this.poolWaiters.forEach((waiter) -> waiter.complete(null));
				this.poolWaiters.clear();
				if (failure == null) {
					this.terminated.complete(null);
				}
				else {
					this.terminated.completeExceptionally(failure);
				}
			}
			log.info("{}: stopped", this.name);
		}
	}

}
