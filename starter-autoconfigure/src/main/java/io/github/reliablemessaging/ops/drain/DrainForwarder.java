package io.github.reliablemessaging.ops.drain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the records of the original topic to the drain topic, as a member of the listener's own group: bytes as
 * they are (key, value, headers, timestamp), each key to one drain partition ({@link #drainPartition}), in
 * consume-transform-produce transactions whose consumed offsets are committed to the listener's group by the
 * transaction itself. A record is thus in the drain topic exactly when the listener's group is past it: nothing lost,
 * nothing doubled, whatever crashes. Records of one original partition are forwarded in their order by one thread,
 * so the order of a key is kept in its drain partition.
 */
final class DrainForwarder {

	/** Header with the original coordinates ({@code topic-partition@offset}) on every forwarded record. */
	static final String SOURCE_HEADER = "reliable_drain_source";

	private static final Logger log = LoggerFactory.getLogger(DrainForwarder.class);

	private final DrainState state;

	private final Map<String, Object> consumerProperties;

	private final Map<String, Object> producerProperties;

	private final BooleanSupplier stillForwarding;

	private final AtomicLong forwarded = new AtomicLong();

	private volatile boolean running;

	private volatile KafkaConsumer<byte[], byte[]> consumer;

	private Thread thread;

	/**
	 * @param state the drain
	 * @param consumerProperties the application's consumer properties (bootstrap, security, client id...)
	 * @param producerProperties the application's producer properties
	 * @param transactionalId unique per instance and drain
	 * @param stillForwarding asked before each commit: false aborts the transaction and stops (the drain moved on)
	 */
	DrainForwarder(DrainState state, Map<String, Object> consumerProperties, Map<String, Object> producerProperties,
			String transactionalId, BooleanSupplier stillForwarding) {
		this.state = state;
		this.stillForwarding = stillForwarding;
		Map<String, Object> consumer = new HashMap<>(consumerProperties);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, state.group());
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
		consumer.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		consumer.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		Object clientId = consumer.get(ConsumerConfig.CLIENT_ID_CONFIG);
		if (clientId != null) {
			consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-drain-forwarder-" + state.listenerId() + "-"
					+ transactionalId.substring(transactionalId.lastIndexOf('-') + 1));
		}
		this.consumerProperties = consumer;
		Map<String, Object> producer = new HashMap<>(producerProperties);
		producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		this.producerProperties = producer;
	}

	/**
	 * @param key serialized key, may be null
	 * @param sourcePartition partition of the original topic
	 * @param drainPartitions partitions of the drain topic (k x the original's)
	 * @return the drain partition: Kafka's default partitioner over the drain topic (murmur2), so a key always lands
	 * on one drain partition and, as k x n is a multiple of n, on one whose number is congruent to its original
	 * partition; a null key stays with its original partition number (partition order kept)
	 */
	static int drainPartition(byte[] key, int sourcePartition, int drainPartitions) {
		if (key == null) {
			return sourcePartition;
		}
		return Utils.toPositive(Utils.murmur2(key)) % drainPartitions;
	}

	/** @return records forwarded by this instance */
	long forwarded() {
		return this.forwarded.get();
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::run, "reliable-drain-forward-" + this.state.listenerId());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	boolean isRunning() {
		return this.running;
	}

	/** Stops after the current transaction and leaves the group; waits for it. */
	void stop() {
		Thread running;
		synchronized (this) {
			this.running = false;
			running = this.thread;
		}
		KafkaConsumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		if (running != null && running != Thread.currentThread()) {
			try {
				running.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		while (this.running) {
			try {
				forwardUntilStopped();
			}
			catch (WakeupException ex) {
				// stop() woke the poll
			}
			catch (RuntimeException ex) {
				if (this.running) {
					log.warn("Drain forwarder of {} failed, restarting from the committed offsets: {}", this.state.listenerId(),
							ex.toString());
					sleepQuietly(300);
				}
			}
		}
		log.info("Drain forwarder of {} stopped; forwarded {} records", this.state.listenerId(), this.forwarded.get());
	}

	private void forwardUntilStopped() {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(this.producerProperties, new ByteArraySerializer(),
				new ByteArraySerializer());
				KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerProperties,
						new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			this.consumer = consumer;
			producer.initTransactions();
			consumer.subscribe(List.of(this.state.topic()));
			int drainPartitions = this.state.drainPartitions();
			while (this.running) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
				if (records.isEmpty()) {
					continue;
				}
				producer.beginTransaction();
				boolean committed = false;
				try {
					Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
					for (ConsumerRecord<byte[], byte[]> record : records) {
						RecordHeaders headers = new RecordHeaders(record.headers().toArray());
						headers.add(SOURCE_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
							.getBytes(StandardCharsets.UTF_8));
						producer.send(new ProducerRecord<>(this.state.drainTopic(),
								drainPartition(record.key(), record.partition(), drainPartitions), record.timestamp(),
								record.key(), record.value(), headers));
						offsets.put(new TopicPartition(record.topic(), record.partition()),
								new OffsetAndMetadata(record.offset() + 1));
					}
					if (!this.stillForwarding.getAsBoolean()) {
						// the drain moved on (switch-back): whatever the group is past must not grow any more
						log.info("Drain forwarder of {}: the drain is no longer forwarding, transaction aborted", this.state.listenerId());
						this.running = false;
						break;
					}
					producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
					producer.commitTransaction();
					committed = true;
					this.forwarded.addAndGet(records.count());
				}
				finally {
					if (!committed) {
						abortQuietly(producer);
					}
				}
			}
		}
		finally {
			this.consumer = null;
		}
	}

	private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
		try {
			producer.abortTransaction();
		}
		catch (RuntimeException ex) {
			// fenced or closing: the transaction is aborted by the broker (timeout or fencing)
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
