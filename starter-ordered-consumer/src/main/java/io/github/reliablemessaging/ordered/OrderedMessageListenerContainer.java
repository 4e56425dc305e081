package io.github.reliablemessaging.ordered;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reliablemessaging.ordered.internal.ListenerInvoker;
import io.github.reliablemessaging.ordered.internal.RetryClassifier;
import io.github.reliablemessaging.ordered.internal.SpringCallbacks;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A Spring Kafka listener container that consumes in order per key with N workers: one consumer thread polls and
 * dispatches each record by a salted hash of its key to one of N in-memory queues, each drained in order by its own
 * worker thread ({@code reliable-ordered-<listenerId>-<n>}); offsets are committed only up to the first record that
 * is not complete. It is a regular {@link AbstractMessageListenerContainer}: the endpoint registry starts and stops it,
 * {@code @KafkaListener} methods get converted payloads, pause/resume (whole container and per partition), seeks
 * through {@code ConsumerSeekAware} and the operations toolkit work as with Spring's containers.
 *
 * <p>Differences from Spring's containers, by design: record listeners only; the listener runs on a worker thread
 * (the {@code Consumer} is not passed to it, an {@code Acknowledgment} parameter is a no-op: a record completes when
 * the listener returns); failures are retried by this container with {@link #setBackOff(BackOff) its backoff} on the
 * record's worker without blocking other keys, then handed to {@link #setRecoverer(ConsumerRecordRecoverer) its
 * recoverer} (a {@code CommonErrorHandler} is not used); auto-commit is always off.
 *
 * <p>Runtime controls: {@link #resize(int)}, {@link #setMultithreaded(boolean)}, {@link #stats()}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class OrderedMessageListenerContainer<K, V> extends AbstractMessageListenerContainer<K, V> {

	private volatile OrderedSettings settings = OrderedSettings.defaults();

	private volatile BackOff backOff = defaultBackOff();

	private volatile ConsumerRecordRecoverer recoverer;

	private final Set<Class<? extends Throwable>> notRetryable = new LinkedHashSet<>(ExceptionClassifier.defaultFatalExceptionsList());

	private volatile OrderedConsumer<K, V> consumer;

	private final AtomicReference<OrderedStats> finished = new AtomicReference<>();

	/**
	 * @param consumerFactory creates the Kafka consumer
	 * @param containerProperties topics (or pattern, or partitions), group, message listener...
	 */
	public OrderedMessageListenerContainer(ConsumerFactory<? super K, ? super V> consumerFactory,
			ContainerProperties containerProperties) {
		super(consumerFactory, containerProperties);
	}

	private static BackOff defaultBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxAttempts(9);
		return backOff;
	}

	/** @return the settings the next start uses (concurrency and multithreading are also changed live) */
	public OrderedSettings getSettings() {
		return this.settings;
	}

	/**
	 * @param settings worker count, backpressure bounds, commit cadence, waits; applied at the next start (use
	 * {@link #resize(int)} and {@link #setMultithreaded(boolean)} to change the pool of a running container)
	 */
	public void setSettings(OrderedSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
	}

	/** @return delays between the attempts of a failing record */
	public BackOff getBackOff() {
		return this.backOff;
	}

	/**
	 * @param backOff delays between the attempts of a failing record; when it answers {@code STOP} the record goes to
	 * the recoverer (default: 10 attempts, 0.5 s doubling up to 10 s)
	 */
	public void setBackOff(BackOff backOff) {
		this.backOff = Objects.requireNonNull(backOff, "backOff must not be null");
	}

	/**
	 * @param recoverer takes records whose retries are exhausted, e.g. a {@code DeadLetterPublishingRecoverer}; when
	 * it throws, recovery is tried again later (the key keeps waiting). Without one, such records are logged at ERROR
	 * and skipped.
	 */
	public void setRecoverer(ConsumerRecordRecoverer recoverer) {
		this.recoverer = recoverer;
	}

	/** @return the recoverer, if any */
	public ConsumerRecordRecoverer getRecoverer() {
		return this.recoverer;
	}

	/**
	 * @param types failures (or causes) that go to the recoverer without retry, in addition to Spring Kafka's
	 * defaults (deserialization, conversion, ...)
	 */
	@SafeVarargs
	public final void addNotRetryableExceptions(Class<? extends Throwable>... types) {
		this.notRetryable.addAll(List.of(types));
	}

	/**
	 * Changes the worker count; on a running container without a restart (dispatch quiesces, queues drain, the pool
	 * is swapped, no key ever runs on two workers).
	 * @param concurrency {@code 1..1024}
	 * @return completes when the new pool runs
	 */
	public CompletableFuture<Void> resize(int concurrency) {
		this.settings = this.settings.withConcurrency(concurrency);
		OrderedConsumer<K, V> running = this.consumer;
		return (running != null && running.isRunning()) ? running.resize(concurrency) : CompletableFuture.completedFuture(null);
	}

	/**
	 * Turns the worker pool on or off (off: one worker, records one at a time in poll order), without a restart.
	 * @param multithreaded on or off
	 * @return completes when the pool runs accordingly
	 */
	public CompletableFuture<Void> setMultithreaded(boolean multithreaded) {
		this.settings = this.settings.withMultithreaded(multithreaded);
		OrderedConsumer<K, V> running = this.consumer;
		return (running != null && running.isRunning()) ? running.setMultithreaded(multithreaded)
				: CompletableFuture.completedFuture(null);
	}

	/** @return configured worker count */
	public int getConcurrency() {
		return this.settings.concurrency();
	}

	/** @return whether multithreading is on */
	public boolean isMultithreaded() {
		return this.settings.multithreaded();
	}

	/** @return state and counters (counters cumulate over restarts) */
	public OrderedStats stats() {
		OrderedConsumer<K, V> running = this.consumer;
		OrderedStats base = this.finished.get();
		if (running == null) {
			return (base != null) ? base : new OrderedStats(getListenerId(), false, 0, getConcurrency(), isMultithreaded(),
					false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
		}
		OrderedStats now = running.stats();
		return (base == null) ? now : new OrderedStats(now.name(), now.running(), now.concurrency(), now.targetConcurrency(),
				now.multithreaded(), now.resizing(), now.queued(), now.inFlight(), now.parkedKeys(), now.pausedPartitions(),
				now.commitLag(), base.processed() + now.processed(), base.invocations() + now.invocations(),
				base.invocationNanos() + now.invocationNanos(), base.retries() + now.retries(),
				base.deadLettered() + now.deadLettered(), base.resizes() + now.resizes(), now.partitions());
	}

	@Override
	protected void doStart() {
		if (isRunning()) {
			return;
		}
		checkTopics();
		Object listener = getContainerProperties().getMessageListener();
		if (!(listener instanceof MessageListener<?, ?>)) {
			throw new IllegalStateException("Listener " + getListenerId() + ": the ordered container runs record "
					+ "listeners only, got " + ((listener != null) ? listener.getClass().getName() : "none"));
		}
		@SuppressWarnings("unchecked")
		MessageListener<K, V> recordListener = (MessageListener<K, V>) listener;
		String groupId = getGroupId();
		OrderedSettings current = this.settings;
		// Spring's stop(wait) waits this long for the stop callback
		getContainerProperties().setShutdownTimeout(
				current.shutdownTimeout().plus(current.revokeTimeout().multipliedBy(2)).plusSeconds(10).toMillis());
		OrderedConsumer.Builder<K, V> builder = OrderedConsumer.<K, V>builder(getListenerId())
			.consumer(this::createConsumer)
			.handler(new ListenerInvoker<>(recordListener, groupId))
			.settings(current)
			.backOff(adapt(this.backOff))
			.retryable(new RetryClassifier(this.notRetryable))
			.callbacks(new SpringCallbacks(listener, getContainerProperties().getConsumerRebalanceListener(), groupId))
			.pauseRequests(new PauseRequests() {

				@Override
				public boolean isPauseRequested() {
					return OrderedMessageListenerContainer.this.isPauseRequested();
				}

				@Override
				public boolean isPartitionPauseRequested(TopicPartition partition) {
					return OrderedMessageListenerContainer.this.isPartitionPauseRequested(partition);
				}

			});
		ConsumerRecordRecoverer recover = this.recoverer;
		if (recover != null) {
			builder.recoverer(recover::accept);
		}
		subscribe(builder);
		OrderedConsumer<K, V> started = builder.build();
		started.start();
		this.consumer = started;
		setRunning(true);
		started.terminated().whenComplete((ignored, failure) -> terminated(started, failure));
	}

	private void subscribe(OrderedConsumer.Builder<K, V> builder) {
		ContainerProperties properties = getContainerProperties();
		TopicPartitionOffset[] partitions = properties.getTopicPartitions();
		if (partitions != null && partitions.length > 0) {
			List<TopicPartition> fixed = new ArrayList<>();
			for (TopicPartitionOffset partition : partitions) {
				fixed.add(partition.getTopicPartition());
			}
			builder.partitions(fixed);
		}
		else if (properties.getTopicPattern() != null) {
			builder.topicPattern(properties.getTopicPattern());
		}
		else {
			builder.topics(List.of(properties.getTopics()));
		}
	}

	private Consumer<K, V> createConsumer() {
		Properties overrides = propertiesFromConsumerPropertyOverrides();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		Map<String, Object> factoryConfig = this.consumerFactory.getConfigurationProperties();
		Object protocol = overrides.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
				factoryConfig.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
		boolean assignorSet = overrides.containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)
				|| factoryConfig.containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
		boolean brokerAssigns = protocol != null && "consumer".equals(protocol.toString().toLowerCase(Locale.ROOT));
		if (!assignorSet && !brokerAssigns) {
			// incremental rebalances: partitions that stay are not revoked, so their queues keep flowing
			overrides.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		}
		String clientIdPrefix = getContainerProperties().getClientId();
		return this.consumerFactory.createConsumer(getGroupId(), clientIdPrefix, null, overrides);
	}

	private static RetryBackOff adapt(BackOff backOff) {
		return () -> {
			BackOffExecution execution = backOff.start();
			return () -> {
				long next = execution.nextBackOff();
				return (next == BackOffExecution.STOP) ? RetryBackOff.STOP : next;
			};
		};
	}

	/** Accounts for an engine that ended; called once per path (stop callback, termination), acts once. */
	private synchronized void terminated(OrderedConsumer<K, V> engine, Throwable failure) {
		if (this.consumer != engine) {
			return;
		}
		OrderedStats last = engine.stats();
		OrderedStats base = this.finished.get();
		this.finished.set((base == null) ? last : new OrderedStats(last.name(), false, 0, last.targetConcurrency(),
				last.multithreaded(), false, 0, 0, 0, 0, 0, base.processed() + last.processed(),
				base.invocations() + last.invocations(), base.invocationNanos() + last.invocationNanos(),
				base.retries() + last.retries(), base.deadLettered() + last.deadLettered(), base.resizes() + last.resizes(),
				List.of()));
		this.consumer = null;
		if (failure != null) {
			this.logger.error(failure, () -> "Ordered container " + getListenerId() + " stopped after a fatal error");
			setStoppedNormally(false);
		}
		setRunning(false);
	}

	@Override
	protected void doStop(Runnable callback, boolean normal) {
		OrderedConsumer<K, V> running = this.consumer;
		if (running == null) {
			setRunning(false);
			callback.run();
			return;
		}
		setStoppedNormally(normal);
		running.stop().whenComplete((ignored, failure) -> {
			terminated(running, failure);
			callback.run();
		});
	}

	@Override
	public Collection<TopicPartition> getAssignedPartitions() {
		OrderedConsumer<K, V> running = this.consumer;
		return (running != null) ? running.assignment() : Set.of();
	}

	@Override
	public Map<String, Collection<TopicPartition>> getAssignmentsByClientId() {
		return Map.of(getListenerId(), getAssignedPartitions());
	}

	@Override
	public boolean isContainerPaused() {
		OrderedConsumer<K, V> running = this.consumer;
		return running != null && running.isPaused();
	}

	@Override
	public boolean isPartitionPaused(TopicPartition topicPartition) {
		OrderedConsumer<K, V> running = this.consumer;
		return running != null && running.pausedPartitions().contains(topicPartition);
	}

	@Override
	public Map<String, Map<MetricName, ? extends Metric>> metrics() {
		OrderedConsumer<K, V> running = this.consumer;
		return (running != null) ? Map.of(getListenerId(), running.metrics()) : Map.of();
	}

}
