package io.github.reliablemessaging.ops.switches;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Propagates switch changes through a compacted, single-partition Kafka topic: one record per switch (key
 * {@code <application>/<switch>}), so the topic holds the latest value of every switch. Every instance reads the
 * topic from the beginning at start-up (restoring the values in force) and then follows it (applying changes made
 * on other instances). Writes are synchronous: a change that Kafka did not acknowledge is not applied.
 */
public class KafkaSwitchPropagator implements SwitchPropagator, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaSwitchPropagator.class);

	private final SwitchBoard board;

	private final String topic;

	private final String application;

	private final Duration timeout;

	private final KafkaProducer<String, String> producer;

	private final KafkaConsumer<String, String> consumer;

	private final Thread follower;

	private final CountDownLatch restored = new CountDownLatch(1);

	private volatile boolean running = true;

	/**
	 * @param board the switch board to feed
	 * @param clientProperties Kafka client properties (bootstrap servers, security)
	 * @param topic control topic name
	 * @param application application name, the key prefix
	 * @param timeout bound for publishing a change and for the restore at start-up
	 */
	public KafkaSwitchPropagator(SwitchBoard board, Map<String, Object> clientProperties, String topic, String application,
			Duration timeout) {
		this.board = board;
		this.topic = topic;
		this.application = application;
		this.timeout = timeout;
		createTopicIfMissing(clientProperties);
		Map<String, Object> producerProps = new HashMap<>(clientProperties);
		producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
		producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "reliable-switches-" + board.instanceId());
		producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis() / 2));
		producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
		this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
		Map<String, Object> consumerProps = new HashMap<>(clientProperties);
		consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
		consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "reliable-switches-follower-" + board.instanceId());
		consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
		this.follower = new Thread(this::follow, "reliable-switches-follower");
		this.follower.setDaemon(true);
	}

	/** Reads the topic up to its end (restoring switch values), then keeps following it in the background. */
	public void start() {
		this.follower.start();
		try {
			if (!this.restored.await(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Could not read switch values from topic " + this.topic + " within " + this.timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while restoring switches", ex);
		}
	}

	private void follow() {
		TopicPartition partition = new TopicPartition(this.topic, 0);
		try {
			this.consumer.assign(List.of(partition));
			this.consumer.seekToBeginning(List.of(partition));
			long end = this.consumer.endOffsets(List.of(partition), this.timeout).get(partition);
			boolean restoring = true;
			String prefix = this.application + "/";
			while (this.running) {
				if (restoring && this.consumer.position(partition) >= end) {
					restoring = false;
					this.restored.countDown();
				}
				for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(200))) {
					if (record.key() == null || !record.key().startsWith(prefix) || record.value() == null) {
						continue;
					}
					try {
						SwitchChange change = ChangeCodec.decode(record.value());
						if (restoring) {
							this.board.receive(change, "restored");
						}
						else if (!this.board.instanceId().equals(change.origin())) {
							this.board.receive(change, "propagated");
						}
					}
					catch (RuntimeException ex) {
						log.warn("Skipping unreadable record at offset {} of {}: {}", record.offset(), this.topic, ex.getMessage());
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			log.error("Switch follower on {} stopped: switch changes from other instances no longer arrive", this.topic, ex);
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	@Override
	public void publish(SwitchChange change) {
		String key = this.application + "/" + change.name();
		try {
			this.producer.send(new ProducerRecord<>(this.topic, 0, key, ChangeCodec.encode(change)))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			throw new IllegalStateException("switch change not applied: Kafka did not accept it on " + this.topic + " ("
					+ cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("switch change not applied: interrupted", ex);
		}
	}

	private void createTopicIfMissing(Map<String, Object> clientProperties) {
		try (Admin admin = Admin.create(clientProperties)) {
			Set<String> names = admin.listTopics().names().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (names.contains(this.topic)) {
				return;
			}
			int brokers = admin.describeCluster().nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
			NewTopic newTopic = new NewTopic(this.topic, 1, (short) Math.min(3, Math.max(1, brokers)))
				.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
			admin.createTopics(List.of(newTopic)).all().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create the switch control topic " + this.topic, ex.getCause());
			}
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer within " + this.timeout + " while creating " + this.topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.follower.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close(Duration.ofSeconds(5));
	}

}
