package io.github.reliablemessaging.ops.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import io.github.reliablemessaging.ops.kafka.GroupDescriptions;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples committed and end offsets of consumer groups on a schedule and judges each partition over a sliding
 * window ({@link LagStatus}). Spring-free; the Boot layer adds meters, a health indicator and an endpoint.
 */
public class LagMonitor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

	private final Admin admin;

	private final Supplier<Collection<String>> groups;

	private final int window;

	private final Clock clock;

	private final Map<String, Map<TopicPartition, Deque<Sample>>> samples = new ConcurrentHashMap<>();

	private final Map<String, Integer> members = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread t = new Thread(r, "reliable-lag-monitor");
		t.setDaemon(true);
		return t;
	});

	private volatile BiConsumer<String, TopicPartition> newPartitionListener = (g, tp) -> {
	};

	/**
	 * @param admin admin client
	 * @param groups the groups to watch (asked at every sample)
	 * @param window samples per judgement
	 * @param clock time source
	 */
	public LagMonitor(Admin admin, Supplier<Collection<String>> groups, int window, Clock clock) {
		if (window < 2) {
			throw new IllegalArgumentException("window must be at least 2 samples, was " + window);
		}
		this.admin = admin;
		this.groups = groups;
		this.window = window;
		this.clock = clock;
	}

	/** @param listener told once about every (group, partition) seen, e.g. to register a gauge */
	public void onNewPartition(BiConsumer<String, TopicPartition> listener) {
		this.newPartitionListener = listener;
	}

	/**
	 * Samples every {@code interval} in the background.
	 * @param interval time between samples
	 */
	public void start(Duration interval) {
		this.scheduler.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void sampleQuietly() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			log.warn("Lag sample failed: {}", ex.getMessage());
		}
	}

	/** Takes one sample of every watched group now. */
	public void sample() {
		Collection<String> watched = this.groups.get();
		if (watched.isEmpty()) {
			return;
		}
		try {
			Map<String, ConsumerGroupDescription> descriptions = GroupDescriptions.describe(this.admin, watched);
			for (String group : watched) {
				ConsumerGroupDescription description = descriptions.get(group);
				this.members.put(group, (description != null) ? description.members().size() : 0);
				Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				// partitions assigned but never committed (e.g. stuck on their very first record) count from the log start
				Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
				if (description != null) {
					description.members().forEach((m) -> partitions.addAll(m.assignment().topicPartitions()));
				}
				if (partitions.isEmpty()) {
					continue;
				}
				Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
				Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
				Instant now = this.clock.instant();
				Map<TopicPartition, Deque<Sample>> byPartition = this.samples.computeIfAbsent(group, (g) -> new ConcurrentHashMap<>());
				for (TopicPartition tp : partitions) {
					OffsetAndMetadata offset = committed.get(tp);
					long position = (offset != null) ? offset.offset() : starts.getOrDefault(tp, 0L);
					if (!ends.containsKey(tp)) {
						continue;
					}
					Deque<Sample> deque = byPartition.computeIfAbsent(tp, (k) -> {
						this.newPartitionListener.accept(group, tp);
						return new ArrayDeque<>();
					});
					synchronized (deque) {
						deque.addLast(new Sample(now, position, ends.get(tp)));
						while (deque.size() > this.window) {
							deque.removeFirst();
						}
					}
				}
			}
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
			throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((tp) -> request.put(tp, spec));
		Map<TopicPartition, ListOffsetsResultInfo> result = this.admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((tp, info) -> offsets.put(tp, info.offset()));
		return offsets;
	}

	/**
	 * @param group consumer group
	 * @param tp partition
	 * @return the latest lag, or -1 if never sampled
	 */
	public long lag(String group, TopicPartition tp) {
		Deque<Sample> deque = this.samples.getOrDefault(group, Map.of()).get(tp);
		if (deque == null) {
			return -1;
		}
		synchronized (deque) {
			return deque.isEmpty() ? -1 : deque.getLast().lag();
		}
	}

	/** @return the judgement of every watched group, by group name */
	public Map<String, GroupLag> report() {
		Map<String, GroupLag> report = new TreeMap<>();
		this.samples.forEach((group, byPartition) -> {
			int memberCount = this.members.getOrDefault(group, 0);
			Map<String, PartitionLag> partitions = new TreeMap<>();
			LagStatus groupStatus = LagStatus.OK;
			long total = 0;
			for (Map.Entry<TopicPartition, Deque<Sample>> entry : byPartition.entrySet()) {
				List<Sample> window;
				synchronized (entry.getValue()) {
					window = List.copyOf(entry.getValue());
				}
				if (window.isEmpty()) {
					continue;
				}
				LagStatus status = judge(window, memberCount);
				Sample last = window.get(window.size() - 1);
				partitions.put(entry.getKey().toString(), new PartitionLag(last.committed(), last.end(), last.lag(), status));
				groupStatus = groupStatus.worst(status);
				total += last.lag();
			}
			report.put(group, new GroupLag(group, groupStatus, total, memberCount, partitions));
		});
		return report;
	}

	LagStatus judge(List<Sample> window, int memberCount) {
		Sample last = window.get(window.size() - 1);
		if (last.lag() <= 0) {
			return LagStatus.OK;
		}
		if (memberCount == 0) {
			return LagStatus.STOP;
		}
		if (window.size() < this.window) {
			return LagStatus.OK;
		}
		Sample first = window.get(0);
		if (first.committed() == last.committed()) {
			return LagStatus.STALL;
		}
		boolean growing = true;
		for (int i = 1; i < window.size(); i++) {
			if (window.get(i).lag() <= window.get(i - 1).lag()) {
				growing = false;
				break;
			}
		}
		return growing ? LagStatus.WARN : LagStatus.OK;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * One sample of a partition.
	 *
	 * @param at when
	 * @param committed committed offset
	 * @param end log end offset
	 */
	record Sample(Instant at, long committed, long end) {

		long lag() {
			return Math.max(0, this.end - this.committed);
		}

	}

	/**
	 * A partition's latest lag and its judgement.
	 *
	 * @param committed committed offset
	 * @param end log end offset
	 * @param lag records behind
	 * @param status judgement over the window
	 */
	public record PartitionLag(long committed, long end, long lag, LagStatus status) {

	}

	/**
	 * A group's judgement: the worst of its partitions.
	 *
	 * @param group consumer group
	 * @param status worst partition status
	 * @param totalLag sum of the partitions' lag
	 * @param members members in the group now
	 * @param partitions per partition
	 */
	public record GroupLag(String group, LagStatus status, long totalLag, int members, Map<String, PartitionLag> partitions) {

		/** @return partitions not OK */
		public Map<String, PartitionLag> problems() {
			Map<String, PartitionLag> problems = new LinkedHashMap<>();
			this.partitions.forEach((tp, lag) -> {
				if (lag.status() != LagStatus.OK) {
					problems.put(tp, lag);
				}
			});
			return problems;
		}

	}

}
