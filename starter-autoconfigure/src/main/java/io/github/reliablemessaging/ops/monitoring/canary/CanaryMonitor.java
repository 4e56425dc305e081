package io.github.reliablemessaging.ops.monitoring.canary;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An end-to-end canary in the manner of LinkedIn's Xinfra Monitor: writes a sequence-numbered, time-stamped record
 * to every partition of a canary topic at a fixed interval, reads the topic back, and reports per partition the
 * end-to-end latency (p50 / p99 / max), loss (a record Kafka acknowledged that did not arrive within the grace
 * period), duplicates, failed sends and availability. Spring-free; the Boot layer adds meters, a health indicator
 * and {@code GET /actuator/reliable/canary}.
 *
 * <p>Each instance of the service counts only its own records (they carry its id), so every instance can run a
 * canary on the same topic. The reader is not a member of any consumer group: it is assigned every partition and
 * starts at their ends, so it never rebalances, never commits and never disturbs the application's groups.
 * Record value: {@code reliable-canary/1|<instance>|<partition>|<sequence>|<send epoch millis>}.
 */
public class CanaryMonitor implements AutoCloseable {

	static final String FORMAT = "reliable-canary/1";

	private static final Logger log = LoggerFactory.getLogger(CanaryMonitor.class);

	private final Settings settings;

	private final Map<String, Object> clientProperties;

	private final ScheduledExecutorService producerThread = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread t = new Thread(r, "reliable-canary-producer");
		t.setDaemon(true);
		return t;
	});

	private final Thread consumerThread;

	private final Map<Integer, CanaryPartition> partitions = new TreeMap<>();

	private final List<CanaryListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile KafkaProducer<String, byte[]> producer;

	private volatile KafkaConsumer<byte[], byte[]> consumer;

	private volatile String state = "STARTING";

	private volatile String problem;

	private volatile boolean running = true;

	private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

	private final Set<Integer> pausedPartitions = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/**
	 * @param settings what to do
	 * @param clientProperties Kafka client properties (bootstrap servers, security)
	 */
	public CanaryMonitor(Settings settings, Map<String, Object> clientProperties) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clientProperties = Map.copyOf(clientProperties);
		this.consumerThread = new Thread(this::run, "reliable-canary-consumer");
		this.consumerThread.setDaemon(true);
	}

	/**
	 * @param listener told when the canary runs and about every delivery (e.g. to feed meters)
	 */
	public void addListener(CanaryListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		synchronized (this.listeners) {
			this.listeners.add(listener);
			if (isRunning()) {
				listener.started(partitionNumbers());
			}
		}
	}

	/** Creates the topic if needed and starts writing and reading, in the background (retrying until Kafka answers). */
	public void start() {
		this.consumerThread.start();
	}

	private void run() {
		try {
			List<TopicPartition> assigned = setUpUntilReady();
			if (assigned == null) {
				return;
			}
			this.producerThread.scheduleAtFixedRate(this::tick, 0, this.settings.interval().toMillis(), TimeUnit.MILLISECONDS);
			synchronized (this.listeners) {
				this.state = "RUNNING";
				this.problem = null;
				this.listeners.forEach((listener) -> listener.started(partitionNumbers()));
			}
			log.info("Canary running on {} partitions of {} as {}", assigned.size(), this.settings.topic(), this.settings.instance());
			consume(assigned);
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (RuntimeException ex) {
			this.state = "FAILED";
			this.problem = "reader stopped: " + ex;
			log.error("Canary reader on {} stopped", this.settings.topic(), ex);
		}
		finally {
			KafkaConsumer<byte[], byte[]> reader = this.consumer;
			if (reader != null) {
				reader.close(Duration.ofSeconds(5));
			}
		}
	}

	private List<TopicPartition> setUpUntilReady() {
		long backoff = Math.max(100, this.settings.interval().toMillis());
		while (this.running) {
			try {
				int count = ensureTopic();
				List<TopicPartition> assigned = new ArrayList<>();
				for (int p = 0; p < count; p++) {
					assigned.add(new TopicPartition(this.settings.topic(), p));
					synchronized (this.partitions) {
						this.partitions.put(p, new CanaryPartition(p, this.settings.latencyWindow(), this.settings.availabilityWindow()));
					}
				}
				this.consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
				this.consumer.assign(assigned);
				this.consumer.seekToEnd(assigned);
				// resolve the positions now, so that no record written from here on is missed
				assigned.forEach((tp) -> this.consumer.position(tp, Duration.ofSeconds(30)));
				this.producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
				return assigned;
			}
			catch (WakeupException ex) {
				throw ex;
			}
			catch (RuntimeException | ExecutionException | TimeoutException ex) {
				this.problem = "cannot set up the canary topic " + this.settings.topic() + ": " + ex.getMessage();
				log.warn("Canary not started yet, retrying: {}", this.problem);
				closeQuietly();
				sleep(backoff);
				backoff = Math.min(backoff * 2, 30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	private int ensureTopic() throws ExecutionException, TimeoutException, InterruptedException {
		try (Admin admin = Admin.create(this.clientProperties)) {
			Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			if (!names.contains(this.settings.topic())) {
				int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
				int partitionCount = (this.settings.partitions() > 0) ? this.settings.partitions() : Math.max(1, brokers);
				short replication = (this.settings.replicationFactor() > 0) ? this.settings.replicationFactor()
						: (short) Math.min(3, Math.max(1, brokers));
				try {
					admin.createTopics(List.of(new NewTopic(this.settings.topic(), partitionCount, replication)))
						.all()
						.get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
			TopicDescription description = admin.describeTopics(List.of(this.settings.topic()))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(this.settings.topic());
			return description.partitions().size();
		}
	}

	private void consume(List<TopicPartition> assigned) {
		byte[] ownPrefix = (FORMAT + "|" + this.settings.instance() + "|").getBytes(StandardCharsets.UTF_8);
		Set<Integer> paused = new java.util.HashSet<>();
		while (this.running) {
			if (!paused.equals(this.pausedPartitions)) {
				paused = new java.util.HashSet<>(this.pausedPartitions);
				Set<Integer> pause = paused;
				this.consumer.pause(assigned.stream().filter((tp) -> pause.contains(tp.partition())).toList());
				this.consumer.resume(assigned.stream().filter((tp) -> !pause.contains(tp.partition())).toList());
			}
			for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
				if (record.value() != null && startsWith(record.value(), ownPrefix)) {
					arrived(record);
				}
			}
		}
	}

	private void arrived(ConsumerRecord<byte[], byte[]> record) {
		String[] fields = new String(record.value(), StandardCharsets.UTF_8).split("\\|");
		if (fields.length != 5) {
			return;
		}
		try {
			long seq = Long.parseLong(fields[3]);
			long sentMillis = Long.parseLong(fields[4]);
			CanaryPartition partition = partition(record.partition());
			if (partition == null || Integer.parseInt(fields[2]) != record.partition()) {
				return;
			}
			long now = System.currentTimeMillis();
			CanaryPartition.Arrival arrival = partition.received(seq, sentMillis, now);
			if (arrival == CanaryPartition.Arrival.DELIVERED) {
				long latency = Math.max(0, now - sentMillis);
				this.listeners.forEach((listener) -> listener.delivered(record.partition(), latency));
			}
			else if (arrival == CanaryPartition.Arrival.DUPLICATE) {
				log.warn("Canary record {} of partition {} arrived again (offset {})", seq, record.partition(), record.offset());
			}
		}
		catch (NumberFormatException ex) {
			// not a record of this format version
		}
	}

	private void tick() {
		try {
			long now = System.currentTimeMillis();
			for (CanaryPartition partition : partitionList()) {
				int lost = partition.expire(now, this.settings.lossGrace().toMillis());
				if (lost > 0) {
					log.warn("Canary: {} acknowledged record(s) of partition {} did not arrive within {}", lost,
							partition.partition(), this.settings.lossGrace());
				}
			}
			for (CanaryPartition partition : partitionList()) {
				long seq = partition.nextSend(now);
				String value = FORMAT + "|" + this.settings.instance() + "|" + partition.partition() + "|" + seq + "|" + now;
				this.producer.send(new ProducerRecord<>(this.settings.topic(), partition.partition(), this.settings.instance(),
						value.getBytes(StandardCharsets.UTF_8)), (metadata, ex) -> {
							if (ex == null) {
								partition.acked(seq);
							}
							else {
								partition.sendFailed(seq);
								log.warn("Canary record {} to partition {} not accepted: {}", seq, partition.partition(), ex.toString());
							}
						});
			}
		}
		catch (RuntimeException ex) {
			// a send that cannot even be queued (metadata unavailable): the records stay unacknowledged and are
			// resolved by their callbacks; keep ticking
			log.warn("Canary tick failed: {}", ex.toString());
		}
	}

	/** @return what was measured so far */
	public CanaryReport report() {
		Map<Integer, CanaryReport.PartitionReport> byPartition = new TreeMap<>();
		long sent = 0;
		long delivered = 0;
		long lost = 0;
		long duplicates = 0;
		long sendErrors = 0;
		boolean healthy = !"FAILED".equals(this.state);
		for (CanaryPartition partition : partitionList()) {
			CanaryReport.PartitionReport report = partition.report();
			byPartition.put(partition.partition(), report);
			sent += report.sent();
			delivered += report.delivered();
			lost += report.lost();
			duplicates += report.duplicates();
			sendErrors += report.sendErrors();
			if (report.recentAvailability() != null && report.recentAvailability() < this.settings.availabilityThreshold()) {
				healthy = false;
			}
		}
		return new CanaryReport(this.settings.topic(), this.settings.instance(), this.state, this.problem, healthy,
				new CanaryReport.Totals(sent, delivered, lost, duplicates, sendErrors), byPartition);
	}

	/** @return partition numbers, once the topic is known */
	public List<Integer> partitionNumbers() {
		return partitionList().stream().map(CanaryPartition::partition).toList();
	}

	/**
	 * @param partition partition number
	 * @return counters of the partition for meters: sent, delivered, lost, duplicates, send errors, recent
	 * availability
	 */
	public PartitionCounters counters(int partition) {
		return new PartitionCounters(partition);
	}

	private CanaryPartition partition(int number) {
		synchronized (this.partitions) {
			return this.partitions.get(number);
		}
	}

	private List<CanaryPartition> partitionList() {
		synchronized (this.partitions) {
			return new ArrayList<>(this.partitions.values());
		}
	}

	/**
	 * Stops reading a partition until {@link #resumeReading} (drills: records written meanwhile pile up unread).
	 * @param partition partition number
	 */
	void pauseReading(int partition) {
		this.pausedPartitions.add(partition);
	}

	/**
	 * Resumes reading a partition after {@link #pauseReading}.
	 * @param partition partition number
	 */
	void resumeReading(int partition) {
		this.pausedPartitions.remove(partition);
	}

	/** @return true once the canary writes and reads */
	public boolean isRunning() {
		return "RUNNING".equals(this.state);
	}

	private Map<String, Object> consumerProperties() {
		Map<String, Object> properties = new HashMap<>(this.clientProperties);
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "reliable-canary-reader-" + this.settings.instance());
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// records deleted before they were read are lost; everything else is read from where it is
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
		return properties;
	}

	private Map<String, Object> producerProperties() {
		long grace = this.settings.lossGrace().toMillis();
		int requestTimeout = (int) Math.max(1000, grace / 2);
		Map<String, Object> properties = new HashMap<>(this.clientProperties);
		properties.put(ProducerConfig.CLIENT_ID_CONFIG, "reliable-canary-writer-" + this.settings.instance());
		properties.put(ProducerConfig.ACKS_CONFIG, "all");
		properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		// a send Kafka cannot take within the grace period fails (unavailability) instead of retrying for minutes
		properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
		properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(grace, requestTimeout));
		properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(grace, requestTimeout));
		return properties;
	}

	private static boolean startsWith(byte[] value, byte[] prefix) {
		if (value.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (value[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private void sleep(long millis) {
		try {
			if (this.closing.await(millis, TimeUnit.MILLISECONDS)) {
				this.running = false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private void closeQuietly() {
		KafkaConsumer<byte[], byte[]> reader = this.consumer;
		this.consumer = null;
		if (reader != null) {
			reader.close(Duration.ZERO);
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.closing.countDown();
		this.producerThread.shutdownNow();
		KafkaConsumer<byte[], byte[]> reader = this.consumer;
		if (reader != null) {
			reader.wakeup();
		}
		try {
			this.consumerThread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		KafkaProducer<String, byte[]> writer = this.producer;
		if (writer != null) {
			writer.close(Duration.ofSeconds(5));
		}
	}

	/**
	 * What the canary does.
	 *
	 * @param topic canary topic
	 * @param instance id of this instance, written into its records
	 * @param interval time between two records to each partition
	 * @param lossGrace how long an acknowledged record may take to arrive before it counts as lost
	 * @param partitions partitions of a topic created by the canary, 0 for one per broker
	 * @param replicationFactor replication of a topic created by the canary, 0 for min(3, brokers)
	 * @param latencyWindow deliveries per partition the latency percentiles are computed over
	 * @param availabilityWindow outcomes per partition the recent availability is computed over
	 * @param availabilityThreshold recent availability under which the canary reports unhealthy
	 */
	public record Settings(String topic, String instance, Duration interval, Duration lossGrace, int partitions,
			short replicationFactor, int latencyWindow, int availabilityWindow, double availabilityThreshold) {

		/** Validates. */
		public Settings {
			Objects.requireNonNull(topic, "topic must not be null");
			Objects.requireNonNull(instance, "instance must not be null");
			if (instance.contains("|")) {
				throw new IllegalArgumentException("instance must not contain '|': " + instance);
			}
			if (interval == null || interval.toMillis() < 1) {
				throw new IllegalArgumentException("interval must be at least 1 ms");
			}
			if (lossGrace == null || lossGrace.compareTo(interval) < 0) {
				throw new IllegalArgumentException("lossGrace must be at least the interval");
			}
		}

	}

	/** Live counters of one partition, for meters. */
	public final class PartitionCounters {

		private final int partition;

		private PartitionCounters(int partition) {
			this.partition = partition;
		}

		private long read(java.util.function.ToLongFunction<CanaryPartition> counter) {
			CanaryPartition state = partition(this.partition);
			return (state != null) ? counter.applyAsLong(state) : 0;
		}

		/** @return records sent */
		public long sent() {
			return read(CanaryPartition::sent);
		}

		/** @return records delivered */
		public long delivered() {
			return read(CanaryPartition::deliveredCount);
		}

		/** @return records lost */
		public long lost() {
			return read(CanaryPartition::lost);
		}

		/** @return duplicate deliveries */
		public long duplicates() {
			return read(CanaryPartition::duplicates);
		}

		/** @return failed sends */
		public long sendErrors() {
			return read(CanaryPartition::sendErrors);
		}

		/** @return recent availability, 1 before the first outcome */
		public double recentAvailability() {
			CanaryPartition state = partition(this.partition);
			return (state != null) ? state.recentAvailabilityOrOne() : 1.0;
		}

	}

}
