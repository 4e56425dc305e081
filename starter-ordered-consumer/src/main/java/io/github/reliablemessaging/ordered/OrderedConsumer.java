package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.reliablemessaging.ordered.internal.Engine;
import io.github.reliablemessaging.ordered.internal.Subscription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered parallel Kafka consumer without Spring: one consumer thread polls and dispatches each record by a salted
 * hash of its key to one of N in-memory queues, each drained in order by its own worker thread; offsets are committed
 * only up to the first record that is not complete. Records of one key are never processed concurrently nor out of
 * order; records without a key keep the order of their partition. Spring applications use
 * {@link OrderedMessageListenerContainer} (through {@link OrderedKafkaListenerContainerFactory}), which wraps this.
 *
 * <pre>{@code
 * OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("orders")
 *     .consumer(() -> new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()))
 *     .topics(List.of("orders"))
 *     .settings(OrderedSettings.defaults().withConcurrency(64))
 *     .handler(record -> orders.apply(record.key(), record.value()))
 *     .build();
 * consumer.start();
 * ...
 * consumer.close(); // drains (bounded), commits, closes
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class OrderedConsumer<K, V> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(OrderedConsumer.class);

	private final Engine<K, V> engine;

	private final OrderedSettings settings;

	private OrderedConsumer(Engine<K, V> engine, OrderedSettings settings) {
		this.engine = engine;
		this.settings = settings;
	}

	/**
	 * @param name names the threads ({@code reliable-ordered-<name>-<n>}) and log lines, e.g. the listener id
	 * @param <K> key type
	 * @param <V> value type
	 * @return a builder
	 */
	public static <K, V> Builder<K, V> builder(String name) {
		return new Builder<>(name);
	}

	/** Creates the consumer (failing fast on bad configuration), starts the workers and the consumer thread. */
	public void start() {
		this.engine.start();
	}

	/**
	 * Graceful stop: no more records are fetched, dispatched ones are awaited up to
	 * {@link OrderedSettings#shutdownTimeout()}, completed offsets are committed, the consumer is closed.
	 * @return completes when the consumer thread has ended
	 */
	public CompletableFuture<Void> stop() {
		return this.engine.stop();
	}

	/** @return completes when the consumer thread has ended, exceptionally after a fatal consumer error */
	public CompletableFuture<Void> terminated() {
		return this.engine.terminated();
	}

	/** Stops gracefully and waits for the consumer thread to end. */
	@Override
	public void close() {
		Duration wait = this.settings.shutdownTimeout().plus(this.settings.revokeTimeout().multipliedBy(3)).plusSeconds(10);
		try {
			this.engine.stop().get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			log.debug("Consumer ended with a failure", ex.getCause());
		}
		catch (java.util.concurrent.TimeoutException ex) {
			log.warn("Consumer did not stop within {}", wait);
		}
	}

	/** @return whether the consumer thread runs */
	public boolean isRunning() {
		return this.engine.isRunning();
	}

	/**
	 * Changes the worker count without a restart: dispatch pauses (polling goes on with every partition paused), the
	 * queues drain, the pool is swapped (keys waiting for a retry move to their new worker), dispatch resumes.
	 * @param concurrency {@code 1..1024}
	 * @return completes when the new pool runs
	 */
	public CompletableFuture<Void> resize(int concurrency) {
		return this.engine.resize(concurrency);
	}

	/**
	 * Turns the worker pool on, or off: off, one worker processes records one at a time in poll order, like a plain
	 * single-threaded consumer. Applied like {@link #resize(int)}.
	 * @param multithreaded on or off
	 * @return completes when the pool runs accordingly
	 */
	public CompletableFuture<Void> setMultithreaded(boolean multithreaded) {
		return this.engine.setMultithreaded(multithreaded);
	}

	/** @return configured worker count */
	public int getConcurrency() {
		return this.engine.concurrency();
	}

	/** @return whether multithreading is on */
	public boolean isMultithreaded() {
		return this.engine.isMultithreaded();
	}

	/** @return seeks queued for the consumer thread (see {@link Seeker} for what a seek does here) */
	public Seeker seeker() {
		return this.engine.seeker();
	}

	/** @return partitions assigned now */
	public Set<TopicPartition> assignment() {
		return this.engine.assignment();
	}

	/** @return partitions paused now (operator, backpressure, resize or shutdown) */
	public Set<TopicPartition> pausedPartitions() {
		return this.engine.pausedPartitions();
	}

	/** @return whether an operator pause of the whole consumer is in force */
	public boolean isPaused() {
		return this.engine.isPaused();
	}

	/** @return state and counters */
	public OrderedStats stats() {
		return this.engine.stats();
	}

	/** @return the Kafka consumer's metrics */
	public Map<MetricName, ? extends Metric> metrics() {
		return this.engine.metrics();
	}

	/**
	 * Builds an {@link OrderedConsumer}.
	 *
	 * @param <K> key type
	 * @param <V> value type
	 */
	public static final class Builder<K, V> {

		private final String name;

		private Supplier<? extends Consumer<K, V>> consumer;

		private Subscription subscription;

		private RecordHandler<K, V> handler;

		private OrderedSettings settings = OrderedSettings.defaults();

		private RetryBackOff backOff = RetryBackOff.exponential(10, Duration.ofMillis(500), 2.0, Duration.ofSeconds(10));

		private Predicate<Throwable> retryable = (failure) -> true;

		private RecordRecoverer<K, V> recoverer;

		private ConsumerCallbacks callbacks = ConsumerCallbacks.NONE;

		private PauseRequests pauses = PauseRequests.NONE;

		private Builder(String name) {
			Objects.requireNonNull(name, "name must not be null");
			if (name.isBlank()) {
				throw new IllegalArgumentException("name must not be blank");
			}
			this.name = name;
		}

		/**
		 * @param consumer creates the Kafka consumer, e.g. a {@link KafkaConsumer} with a group id; its
		 * {@code enable.auto.commit} must be false
		 * @return this
		 */
		public Builder<K, V> consumer(Supplier<? extends Consumer<K, V>> consumer) {
			this.consumer = Objects.requireNonNull(consumer, "consumer must not be null");
			return this;
		}

		/** @param topics topics to subscribe to (group management) @return this */
		public Builder<K, V> topics(Collection<String> topics) {
			this.subscription = Subscription.topics(topics);
			return this;
		}

		/** @param pattern topics to subscribe to (group management) @return this */
		public Builder<K, V> topicPattern(Pattern pattern) {
			this.subscription = Subscription.pattern(pattern);
			return this;
		}

		/** @param partitions fixed partitions to assign (no group management) @return this */
		public Builder<K, V> partitions(Collection<TopicPartition> partitions) {
			this.subscription = Subscription.partitions(partitions);
			return this;
		}

		/** @param handler processes records on the workers @return this */
		public Builder<K, V> handler(RecordHandler<K, V> handler) {
			this.handler = Objects.requireNonNull(handler, "handler must not be null");
			return this;
		}

		/** @param settings how to run @return this */
		public Builder<K, V> settings(OrderedSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings must not be null");
			return this;
		}

		/**
		 * @param backOff delays between the attempts of a failing record; default: 10 attempts, 0.5 s doubling to at
		 * most 10 s
		 * @return this
		 */
		public Builder<K, V> backOff(RetryBackOff backOff) {
			this.backOff = Objects.requireNonNull(backOff, "backOff must not be null");
			return this;
		}

		/** @param retryable which failures are retried (others go to the recoverer at once); default all @return this */
		public Builder<K, V> retryable(Predicate<Throwable> retryable) {
			this.retryable = Objects.requireNonNull(retryable, "retryable must not be null");
			return this;
		}

		/**
		 * @param recoverer takes records whose retries are exhausted; default: logs the record at ERROR and moves on
		 * @return this
		 */
		public Builder<K, V> recoverer(RecordRecoverer<K, V> recoverer) {
			this.recoverer = Objects.requireNonNull(recoverer, "recoverer must not be null");
			return this;
		}

		/** @param callbacks consumer thread hooks @return this */
		public Builder<K, V> callbacks(ConsumerCallbacks callbacks) {
			this.callbacks = Objects.requireNonNull(callbacks, "callbacks must not be null");
			return this;
		}

		/** @param pauses where operator pause requests are read @return this */
		public Builder<K, V> pauseRequests(PauseRequests pauses) {
			this.pauses = Objects.requireNonNull(pauses, "pauses must not be null");
			return this;
		}

		/** @return the consumer, not started */
		public OrderedConsumer<K, V> build() {
			if (this.consumer == null) {
				throw new IllegalStateException("consumer(...) is required");
			}
			if (this.subscription == null) {
				throw new IllegalStateException("one of topics(...), topicPattern(...) or partitions(...) is required");
			}
			if (this.handler == null) {
				throw new IllegalStateException("handler(...) is required");
			}
			RecordRecoverer<K, V> recover = (this.recoverer != null) ? this.recoverer : loggingRecoverer(this.name);
			return new OrderedConsumer<>(new Engine<>(this.name, this.consumer, this.subscription, this.handler,
					this.settings, this.backOff, this.retryable, recover, this.callbacks, this.pauses), this.settings);
		}

		private static <K, V> RecordRecoverer<K, V> loggingRecoverer(String name) {
			Logger recovery = LoggerFactory.getLogger(OrderedConsumer.class.getName() + ".recovery");
			return (record, failure) -> recovery.error("{}: giving up on record {}-{}@{} (key {}) after its retries; it is "
					+ "NOT processed. Configure a recoverer (e.g. a dead-letter topic) to keep such records.", name,
					record.topic(), record.partition(), record.offset(), record.key(), failure);
		}

	}

}
