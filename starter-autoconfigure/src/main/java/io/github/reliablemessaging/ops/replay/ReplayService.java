package io.github.reliablemessaging.ops.replay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.reliablemessaging.ops.kafka.OperationException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Re-publishes records: a topic's records in an offset or time range (copied byte for byte, to the same partition,
 * after the originals), or messages rebuilt from business data by a {@link ReplaySource}. Every re-published record
 * carries the header {@value #REPLAY_HEADER} (job id) and, for topic replays, {@value #ORIGIN_HEADER}
 * ({@code topic-partition@offset}). Jobs run in the background; their progress is kept in memory.
 */
public class ReplayService implements AutoCloseable {

	/** Header on every re-published record: the replay job id. */
	public static final String REPLAY_HEADER = "reliable-replay";

	/** Header on records of a topic replay: where the original is. */
	public static final String ORIGIN_HEADER = "reliable-replay-origin";

	private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

	private final Admin admin;

	private final Map<String, Object> clientProperties;

	private final Map<String, ReplaySource> sources;

	private final KafkaTemplate<Object, Object> template;

	private final Clock clock;

	private final Map<String, ReplayJob> jobs = new ConcurrentHashMap<>();

	private final AtomicInteger threads = new AtomicInteger();

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (r) -> {
		Thread t = new Thread(r, "reliable-replay-" + this.threads.incrementAndGet());
		t.setDaemon(true);
		return t;
	});

	/**
	 * @param admin admin client
	 * @param clientProperties Kafka client properties (bootstrap servers, security)
	 * @param sources replay sources by name
	 * @param template the application's template for replay sources (may be null: then only topic replays)
	 * @param clock time source
	 */
	public ReplayService(Admin admin, Map<String, Object> clientProperties, Collection<ReplaySource> sources,
			KafkaTemplate<Object, Object> template, Clock clock) {
		this.admin = admin;
		this.clientProperties = Map.copyOf(clientProperties);
		this.sources = new LinkedHashMap<>();
		sources.forEach((s) -> this.sources.put(s.name(), s));
		this.template = template;
		this.clock = clock;
	}

	/** @return the names of the registered replay sources */
	public Collection<String> sourceNames() {
		return this.sources.keySet();
	}

	/**
	 * Works out which records a topic replay would re-publish.
	 * @param request what to replay
	 * @return ranges per partition and the record count
	 */
	public ReplayPlan plan(TopicReplay request) {
		return ranges(request).plan();
	}

	private Ranges ranges(TopicReplay request) {
		List<TopicPartition> partitions = partitions(request.topic(), request.partition());
		Map<TopicPartition, Long> starts = listOffsets(partitions, OffsetSpec.earliest());
		Map<TopicPartition, Long> ends = listOffsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
		if (request.fromOffset() != null) {
			TopicPartition tp = partitions.get(0);
			long start = starts.get(tp);
			long end = ends.get(tp);
			if (request.fromOffset() < start || request.toOffset() >= end) {
				throw OperationException.badRequest("offsets [" + request.fromOffset() + ", " + request.toOffset()
						+ "] are outside the log of " + tp + " [" + start + ", " + (end - 1) + "]");
			}
			ranges.put(tp, new long[] { request.fromOffset(), request.toOffset() + 1 });
		}
		else {
			Map<TopicPartition, Long> from = offsetsForTime(partitions, request.from(), ends);
			Map<TopicPartition, Long> to = (request.to() != null) ? offsetsForTime(partitions, request.to(), ends) : ends;
			for (TopicPartition tp : partitions) {
				ranges.put(tp, new long[] { Math.max(from.get(tp), starts.get(tp)), to.get(tp) });
			}
		}
		long total = ranges.values().stream().mapToLong((r) -> Math.max(0, r[1] - r[0])).sum();
		Map<String, String> view = new LinkedHashMap<>();
		ranges.forEach((tp, r) -> view.put(tp.toString(), "[" + r[0] + ", " + r[1] + ")"));
		return new Ranges(new ReplayPlan(request.topic(), (request.targetTopic() != null) ? request.targetTopic() : request.topic(),
				view, total), ranges);
	}

	/**
	 * Starts a topic replay in the background.
	 * @param request what to replay
	 * @return the job (poll it for progress)
	 */
	public ReplayJob start(TopicReplay request) {
		Ranges ranges = ranges(request);
		ReplayPlan plan = ranges.plan();
		if (!request.topic().equals(plan.targetTopic())) {
			partitions(plan.targetTopic(), null);
		}
		String id = "replay-" + UUID.randomUUID().toString().substring(0, 8);
		ReplayJob job = new ReplayJob(id, "topic " + request.topic() + " -> " + plan.targetTopic(), plan.ranges(), plan.records(),
				this.clock.instant());
		this.jobs.put(id, job);
		this.executor.submit(() -> runTopicReplay(job, plan, ranges.byPartition()));
		return job;
	}

	/**
	 * Starts a replay of messages rebuilt by a {@link ReplaySource}.
	 * @param sourceName name of the source
	 * @param query time range and ids
	 * @return the job
	 */
	public ReplayJob start(String sourceName, ReplayQuery query) {
		ReplaySource source = this.sources.get(sourceName);
		if (source == null) {
			throw OperationException.badRequest("unknown replay source '" + sourceName + "'; sources: " + this.sources.keySet());
		}
		if (this.template == null) {
			throw OperationException.unavailable("no KafkaTemplate in the application: replay sources cannot publish");
		}
		String id = "replay-" + UUID.randomUUID().toString().substring(0, 8);
		ReplayJob job = new ReplayJob(id, "source " + sourceName + " " + query, Map.of(), -1, this.clock.instant());
		this.jobs.put(id, job);
		this.executor.submit(() -> runSourceReplay(job, source, query));
		return job;
	}

	/**
	 * Works out what a source replay would publish, without publishing: asks the source for its messages and counts
	 * them per destination topic (so the source's read runs; it must have no side effects).
	 * @param sourceName name of the source
	 * @param query time range and ids
	 * @return messages per topic and the first few keys
	 */
	public SourcePlan plan(String sourceName, ReplayQuery query) {
		ReplaySource source = this.sources.get(sourceName);
		if (source == null) {
			throw OperationException.badRequest("unknown replay source '" + sourceName + "'; sources: " + this.sources.keySet());
		}
		Map<String, Long> perTopic = new LinkedHashMap<>();
		List<String> firstKeys = new ArrayList<>();
		try (Stream<ReplayMessage> messages = source.messages(query)) {
			messages.forEach((message) -> {
				perTopic.merge(message.topic(), 1L, Long::sum);
				if (firstKeys.size() < 10) {
					firstKeys.add(String.valueOf(message.key()));
				}
			});
		}
		long total = perTopic.values().stream().mapToLong(Long::longValue).sum();
		return new SourcePlan(sourceName, query, perTopic, total, firstKeys);
	}

	/** @return every job of this instance, newest first */
	public List<ReplayJob> jobs() {
		List<ReplayJob> all = new ArrayList<>(this.jobs.values());
		all.sort((a, b) -> b.getStarted().compareTo(a.getStarted()));
		return all;
	}

	/**
	 * @param id job id
	 * @return the job
	 */
	public Optional<ReplayJob> job(String id) {
		return Optional.ofNullable(this.jobs.get(id));
	}

	private void runTopicReplay(ReplayJob job, ReplayPlan plan, Map<TopicPartition, long[]> byPartition) {
		Map<String, Object> consumerProps = new HashMap<>(this.clientProperties);
		consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
		consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, job.getId() + "-reader");
		Map<String, Object> producerProps = new HashMap<>(this.clientProperties);
		producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
		producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, job.getId() + "-writer");
		Map<TopicPartition, long[]> remaining = new HashMap<>();
		byPartition.forEach((tp, r) -> {
			if (r[1] > r[0]) {
				remaining.put(tp, r);
			}
		});
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
			consumer.assign(remaining.keySet());
			remaining.forEach((tp, r) -> consumer.seek(tp, r[0]));
			List<CompletableFuture<?>> pending = new ArrayList<>();
			while (!remaining.isEmpty()) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					TopicPartition tp = new TopicPartition(record.topic(), record.partition());
					long[] range = remaining.get(tp);
					if (range == null || record.offset() >= range[1]) {
						continue;
					}
					RecordHeaders headers = new RecordHeaders(record.headers().toArray());
					headers.remove(REPLAY_HEADER).remove(ORIGIN_HEADER);
					headers.add(REPLAY_HEADER, job.getId().getBytes(StandardCharsets.UTF_8));
					headers.add(ORIGIN_HEADER, (tp + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
					CompletableFuture<Object> sent = new CompletableFuture<>();
					producer.send(new ProducerRecord<>(plan.targetTopic(), samePartition(plan, record), null, record.key(),
							record.value(), headers), (metadata, ex) -> {
								if (ex != null) {
									sent.completeExceptionally(ex);
								}
								else {
									job.published(1);
									sent.complete(metadata);
								}
							});
					pending.add(sent);
				}
				remaining.entrySet().removeIf((e) -> consumer.position(e.getKey()) >= e.getValue()[1]);
			}
			producer.flush();
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			job.done(this.clock.instant());
			log.info("Replay {} done: {} records re-published to {}", job.getId(), job.getPublished(), plan.targetTopic());
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			job.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage(), this.clock.instant());
			log.error("Replay {} failed after {} records", job.getId(), job.getPublished(), cause);
		}
	}

	private static Integer samePartition(ReplayPlan plan, ConsumerRecord<byte[], byte[]> record) {
		// same topic: append behind the originals in the same partition, so per-key order is kept
		return plan.targetTopic().equals(record.topic()) ? record.partition() : null;
	}

	private void runSourceReplay(ReplayJob job, ReplaySource source, ReplayQuery query) {
		List<CompletableFuture<?>> pending = new ArrayList<>();
		try (Stream<ReplayMessage> messages = source.messages(query)) {
			messages.forEach((message) -> {
				ProducerRecord<Object, Object> record = new ProducerRecord<>(message.topic(), message.key(), message.value());
				record.headers().add(REPLAY_HEADER, job.getId().getBytes(StandardCharsets.UTF_8));
				pending.add(this.template.send(record).thenAccept((result) -> job.published(1)));
			});
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			job.done(this.clock.instant());
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			job.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage(), this.clock.instant());
			log.error("Replay {} from source {} failed after {} messages", job.getId(), source.name(), job.getPublished(), cause);
		}
	}

	private List<TopicPartition> partitions(String topic, Integer partition) {
		TopicDescription description;
		try {
			description = this.admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
		}
		catch (ExecutionException ex) {
			throw OperationException.badRequest("unknown topic '" + topic + "': " + ex.getCause().getMessage());
		}
		catch (TimeoutException ex) {
			throw OperationException.unavailable("Kafka did not answer describing " + topic);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
		int count = description.partitions().size();
		if (partition == null) {
			List<TopicPartition> all = new ArrayList<>();
			for (int p = 0; p < count; p++) {
				all.add(new TopicPartition(topic, p));
			}
			return all;
		}
		if (partition < 0 || partition >= count) {
			throw OperationException.badRequest("partition " + partition + " out of range: topic " + topic + " has partitions 0.." + (count - 1));
		}
		return List.of(new TopicPartition(topic, partition));
	}

	private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((tp) -> request.put(tp, spec));
		try {
			Map<TopicPartition, ListOffsetsResultInfo> result = this.admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
			Map<TopicPartition, Long> offsets = new HashMap<>();
			result.forEach((tp, info) -> offsets.put(tp, info.offset()));
			return offsets;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw OperationException.unavailable("could not list offsets: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	private Map<TopicPartition, Long> offsetsForTime(List<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> ends) {
		Map<TopicPartition, Long> offsets = listOffsets(partitions, OffsetSpec.forTimestamp(time.toEpochMilli()));
		Map<TopicPartition, Long> result = new HashMap<>();
		// no record at or after the time: the range starts (or ends) at the log end
		partitions.forEach((tp) -> result.put(tp, (offsets.get(tp) == null || offsets.get(tp) < 0) ? ends.get(tp) : offsets.get(tp)));
		return result;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * A topic replay: exactly one of an offset range (one partition) or a time range.
	 *
	 * @param topic source topic
	 * @param partition one partition, or null for all (time ranges only)
	 * @param fromOffset first offset (inclusive)
	 * @param toOffset last offset (inclusive)
	 * @param from start time (inclusive)
	 * @param to end time (exclusive), null for up to now
	 * @param targetTopic where to publish, null for the source topic
	 */
	public record TopicReplay(String topic, Integer partition, Long fromOffset, Long toOffset, Instant from, Instant to,
			String targetTopic) {

		/** Validates the combination. */
		public TopicReplay {
			if (topic == null || topic.isBlank()) {
				throw OperationException.badRequest("missing 'topic'");
			}
			boolean offsets = fromOffset != null || toOffset != null;
			boolean times = from != null || to != null;
			if (offsets == times) {
				throw OperationException.badRequest("give either fromOffset/toOffset (one partition) or from/to (times), not both or neither");
			}
			if (offsets) {
				if (fromOffset == null || toOffset == null || partition == null) {
					throw OperationException.badRequest("an offset range needs partition, fromOffset and toOffset");
				}
				if (fromOffset < 0 || toOffset < 0) {
					throw OperationException.badRequest("offsets must be >= 0");
				}
				if (fromOffset > toOffset) {
					throw OperationException.badRequest("fromOffset " + fromOffset + " is after toOffset " + toOffset);
				}
			}
			if (times) {
				if (from == null) {
					throw OperationException.badRequest("a time range needs 'from'");
				}
				if (to != null && !from.isBefore(to)) {
					throw OperationException.badRequest("'from' " + from + " is not before 'to' " + to);
				}
			}
			if (partition != null && partition < 0) {
				throw OperationException.badRequest("partition must be >= 0, was " + partition);
			}
		}

	}

	/**
	 * What a topic replay re-publishes.
	 *
	 * @param topic source topic
	 * @param targetTopic destination topic
	 * @param ranges {@code [from, to)} offsets per partition
	 * @param records number of offsets in the ranges (an upper bound: gaps and aborted transactions are skipped)
	 */
	public record ReplayPlan(String topic, String targetTopic, Map<String, String> ranges, long records) {

	}

	/**
	 * What a source replay would publish.
	 *
	 * @param source source name
	 * @param query what was asked
	 * @param messagesPerTopic messages the source returned, by destination topic
	 * @param messages total
	 * @param firstKeys keys of the first (up to 10) messages
	 */
	public record SourcePlan(String source, ReplayQuery query, Map<String, Long> messagesPerTopic, long messages,
			List<String> firstKeys) {

	}

	private record Ranges(ReplayPlan plan, Map<TopicPartition, long[]> byPartition) {

	}

}
