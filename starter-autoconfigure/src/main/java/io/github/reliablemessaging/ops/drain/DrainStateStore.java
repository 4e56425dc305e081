package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drain states in a compacted, single-partition Kafka topic, key {@code <group>/<listenerId>}, with compare-and-set
 * semantics that every instance agrees on without a lock: a write proposes version {@code v + 1} on top of version
 * {@code v}; every reader applies the records in log order and accepts a record only if its version is above the one
 * it holds, so of two proposals of the same version the first in the log wins everywhere. A writer waits until its
 * own reader has passed its record and then knows whether it won.
 *
 * <p>Compaction keeps the last record of a key, which could be a losing proposal: a loser therefore writes the winning
 * state again (same version: ignored by readers, but now the last record of the key), and the topic keeps records
 * uncompacted for an hour ({@code min.compaction.lag.ms}) to leave it the time to.
 */
public class DrainStateStore implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DrainStateStore.class);

	private final String topic;

	private final Duration timeout;

	private final Map<String, Object> clientProperties;

	private final Map<String, DrainState> states = new ConcurrentHashMap<>();

	/** {@code key@version -> offset} of the accepted record of that version. */
	private final Map<String, Long> accepted = new ConcurrentHashMap<>();

	private final List<Consumer<DrainState>> observers = new CopyOnWriteArrayList<>();

	private final Object progress = new Object();

	private volatile long position = -1;

	private KafkaProducer<String, String> producer;

	private KafkaConsumer<String, String> consumer;

	private Thread follower;

	private volatile boolean running;

	/**
	 * @param clientProperties Kafka client properties (bootstrap servers, security)
	 * @param topic control topic
	 * @param timeout bound for writes and for the restore at start-up
	 */
	public DrainStateStore(Map<String, Object> clientProperties, String topic, Duration timeout) {
		this.clientProperties = Map.copyOf(clientProperties);
		this.topic = topic;
		this.timeout = timeout;
	}

	/** @return the control topic */
	public String topic() {
		return this.topic;
	}

	/** @param observer told of every accepted state, on the reader thread (must not block) */
	public void onChange(Consumer<DrainState> observer) {
		this.observers.add(observer);
	}

	/** Creates the topic if missing, reads it to its end (every state in force) and follows it. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		createTopicIfMissing();
		Map<String, Object> producerProps = new HashMap<>(this.clientProperties);
		producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
		producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) this.timeout.toMillis());
		producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, this.timeout.toMillis() / 2));
		producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, this.timeout.toMillis());
		this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
		Map<String, Object> consumerProps = new HashMap<>(this.clientProperties);
		consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
		TopicPartition partition = new TopicPartition(this.topic, 0);
		this.consumer.assign(List.of(partition));
		this.consumer.seekToBeginning(List.of(partition));
		long end = this.consumer.endOffsets(List.of(partition), this.timeout).get(partition);
		this.running = true;
		this.follower = new Thread(this::follow, "reliable-drain-state");
		this.follower.setDaemon(true);
		this.follower.start();
		awaitPosition(end, "restore the drain states from " + this.topic);
	}

	private void follow() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(200))) {
					apply(record);
				}
				long next = this.consumer.position(new TopicPartition(this.topic, 0));
				synchronized (this.progress) {
					this.position = next;
					this.progress.notifyAll();
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			log.error("Drain state reader of {} stopped", this.topic, ex);
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	private void apply(ConsumerRecord<String, String> record) {
		if (record.key() == null || record.value() == null) {
			return;
		}
		DrainState proposed;
		try {
			proposed = DrainStateCodec.decode(record.value());
		}
		catch (RuntimeException ex) {
			log.warn("Ignored an unreadable drain state at {}-0@{}: {}", this.topic, record.offset(), ex.getMessage());
			return;
		}
		DrainState current = this.states.get(record.key());
		if (current != null && proposed.version() <= current.version()) {
			return;
		}
		this.states.put(record.key(), proposed);
		this.accepted.put(record.key() + "@" + proposed.version(), record.offset());
		for (Consumer<DrainState> observer : this.observers) {
			try {
				observer.accept(proposed);
			}
			catch (RuntimeException ex) {
				log.warn("Drain state observer failed", ex);
			}
		}
	}

	private void awaitPosition(long offset, String what) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.progress) {
			while (this.position < offset) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !this.running) {
					throw new IllegalStateException("could not " + what + " within " + this.timeout);
				}
				try {
					this.progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting to " + what, ex);
				}
			}
		}
	}

	/**
	 * @param group consumer group of the listener
	 * @param listenerId listener id
	 * @return the latest state of that listener's drain, if there ever was one
	 */
	public Optional<DrainState> get(String group, String listenerId) {
		return Optional.ofNullable(this.states.get(key(group, listenerId)));
	}

	/** @return the latest state of every drain in the topic */
	public List<DrainState> all() {
		return this.states.values().stream().sorted((a, b) -> a.listenerId().compareTo(b.listenerId())).toList();
	}

	/**
	 * Writes {@code next} if the state of its listener is still version {@code next.version() - 1} (absent for 1).
	 * @param next the new state
	 * @return whether it was accepted (false: another write of that version came first; read the winner with
	 * {@link #get})
	 * @throws IllegalStateException when Kafka does not acknowledge the write in time
	 */
	public boolean compareAndSet(DrainState next) {
		String key = key(next.group(), next.listenerId());
		DrainState current = this.states.get(key);
		long currentVersion = (current != null) ? current.version() : 0;
		if (currentVersion != next.version() - 1) {
			return false;
		}
		RecordMetadata written = send(key, DrainStateCodec.encode(next));
		awaitPosition(written.offset() + 1, "read back drain state " + key);
		Long winner = this.accepted.get(key + "@" + next.version());
		if (winner != null && winner == written.offset()) {
			return true;
		}
		DrainState won = this.states.get(key);
		if (won != null) {
			// make the winner the last record of the key again, so that compaction cannot keep this losing proposal
			send(key, DrainStateCodec.encode(won));
		}
		return false;
	}

	private RecordMetadata send(String key, String value) {
		try {
			return this.producer.send(new ProducerRecord<>(this.topic, 0, key, value)).get(this.timeout.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not write the drain state to " + this.topic + ": "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while writing the drain state", ex);
		}
	}

	static String key(String group, String listenerId) {
		return group + "/" + listenerId;
	}

	private void createTopicIfMissing() {
		try (Admin admin = Admin.create(this.clientProperties)) {
			if (admin.listTopics().names().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).contains(this.topic)) {
				return;
			}
			int brokers = admin.describeCluster().nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
			NewTopic newTopic = new NewTopic(this.topic, 1, (short) Math.min(3, Math.max(1, brokers)))
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
						TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis())));
			admin.createTopics(List.of(newTopic)).all().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("could not create the drain control topic " + this.topic + ": "
						+ ex.getCause().getMessage(), ex);
			}
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer within " + this.timeout + " (drain control topic "
					+ this.topic + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public synchronized void close() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.consumer.wakeup();
		try {
			this.follower.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close(Duration.ofSeconds(5));
	}

}
