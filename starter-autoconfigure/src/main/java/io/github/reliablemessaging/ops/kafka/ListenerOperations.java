package io.github.reliablemessaging.ops.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchDefinition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Operations on the running {@code @KafkaListener} containers of this application: list them, pause and resume a
 * listener (a switch, so it reaches every instance and survives restarts) or one partition (this instance), seek a
 * partition to an offset or a timestamp, skip the next records of a partition. Seeks run on the container's own
 * consumer thread through Spring Kafka's seek callbacks; the container keeps running.
 *
 * <p>Starts just before the listener containers so that it can hand their seek callbacks to itself.
 */
public class ListenerOperations implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ListenerOperations.class);

	private final ObjectProvider<KafkaListenerEndpointRegistry> registryProvider;

	private KafkaListenerEndpointRegistry registry;

	private final SwitchBoard switches;

	private final Admin admin;

	private final SeekCallbacks callbacks = new SeekCallbacks();

	private volatile boolean running;

	/**
	 * @param registry the endpoint registry of the application; resolved at start, so that this bean does not depend
	 * on it (a lifecycle dependency would start the listener containers before their seek callbacks can be captured)
	 * @param switches switch board for the pause switches
	 * @param admin admin client (offset and topic look-ups)
	 */
	public ListenerOperations(ObjectProvider<KafkaListenerEndpointRegistry> registry, SwitchBoard switches, Admin admin) {
		this.registryProvider = registry;
		this.switches = switches;
		this.admin = admin;
	}

	/** Name of the switch that pauses a listener on every instance. */
	public static String pausedSwitch(String listenerId) {
		return "listener." + listenerId + ".paused";
	}

	@Override
	@SuppressWarnings("unchecked")
	public void start() {
		this.registry = this.registryProvider.getObject();
		for (MessageListenerContainer container : this.registry.getAllListenerContainers()) {
			String id = container.getListenerId();
			if (id == null) {
				continue;
			}
			if (container instanceof AbstractMessageListenerContainer<?, ?> amlc && !container.isRunning()) {
				Object listener = amlc.getContainerProperties().getMessageListener();
				if (listener instanceof MessageListener<?, ?> recordListener && !(listener instanceof SeekCapturingListener)) {
					amlc.setupMessageListener(new SeekCapturingListener(id, (MessageListener<Object, Object>) recordListener,
							this.callbacks));
				}
			}
			this.switches.define(SwitchDefinition.bool(pausedSwitch(id), false, "Pause listener " + id + " on every instance"));
			this.switches.onChange(pausedSwitch(id), (paused) -> {
				if ((Boolean) paused) {
					container.pause();
				}
				else {
					container.resume();
				}
			});
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// just before the listener containers (AbstractMessageListenerContainer.DEFAULT_PHASE)
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 10;
	}

	/** @return every listener with its state in this instance */
	public List<ListenerView> listeners() {
		requireStarted();
		List<ListenerView> views = new ArrayList<>();
		for (MessageListenerContainer container : this.registry.getAllListenerContainers()) {
			views.add(view(container));
		}
		views.sort((a, b) -> a.id().compareTo(b.id()));
		return views;
	}

	/**
	 * @param id listener id
	 * @return its state in this instance
	 * @throws OperationException (404) for an unknown listener
	 */
	public ListenerView listener(String id) {
		return view(container(id));
	}

	private ListenerView view(MessageListenerContainer container) {
		Collection<TopicPartition> assigned = Optional.ofNullable(container.getAssignedPartitions()).orElse(List.of());
		List<String> paused = assigned.stream().filter(container::isPartitionPauseRequested).map(TopicPartition::toString).sorted().toList();
		String[] topics = container.getContainerProperties().getTopics();
		return new ListenerView(container.getListenerId(), container.getGroupId(),
				(topics != null) ? List.of(topics) : List.of(), container.isRunning(), container.isPauseRequested(),
				assigned.stream().map(TopicPartition::toString).sorted().toList(), paused);
	}

	/**
	 * Pauses or resumes one partition in this instance (where it is assigned).
	 * @param id listener id
	 * @param partition the partition
	 * @param pause true to pause, false to resume
	 */
	public void pausePartition(String id, TopicPartition partition, boolean pause) {
		MessageListenerContainer container = container(id);
		requireAssigned(container, partition);
		if (pause) {
			container.pausePartition(partition);
		}
		else {
			container.resumePartition(partition);
		}
		log.info("{} partition {} of listener {}", pause ? "Paused" : "Resumed", partition, id);
	}

	/**
	 * Checks that a partition exists, belongs to a topic the listener consumes and is assigned to it in this
	 * instance.
	 * @param id listener id
	 * @param partition the partition
	 * @throws OperationException 404 for an unknown listener, 400 for a partition out of range or a topic the
	 * listener does not consume, 409 when the partition is consumed by another instance
	 */
	public void requireAssignedHere(String id, TopicPartition partition) {
		MessageListenerContainer container = container(id);
		requireConsumedTopic(container, partition);
		validatePartition(partition);
		requireAssigned(container, partition);
	}

	/**
	 * @param id listener id
	 * @param partition the partition
	 * @return whether a pause of that partition is requested in this instance
	 */
	public boolean isPartitionPaused(String id, TopicPartition partition) {
		return container(id).isPartitionPauseRequested(partition);
	}

	/**
	 * Works out what a seek would do, without doing it.
	 * @param id listener id
	 * @param request what to do
	 * @return committed offset, target, log start/end, records skipped or re-delivered
	 */
	public SeekPlan plan(String id, SeekRequest request) {
		MessageListenerContainer container = container(id);
		TopicPartition tp = request.partition();
		requireConsumedTopic(container, tp);
		validatePartition(tp);
		Map<String, Long> bounds = bounds(tp);
		long start = bounds.get("start");
		long end = bounds.get("end");
		Long committed = committed(container.getGroupId(), tp);
		long target;
		String effect;
		if (request.offset() != null) {
			if (request.offset() < start || request.offset() > end) {
				throw OperationException.badRequest("offset " + request.offset() + " is outside the log of " + tp + " [" + start + ", " + end + "]");
			}
			target = request.offset();
			effect = "next record processed is offset " + target;
		}
		else if (request.timestamp() != null) {
			target = offsetForTime(tp, request.timestamp(), end);
			effect = "next record processed is the first at or after " + request.timestamp() + " (offset " + target + ")";
		}
		else {
			long from = (committed != null) ? committed : start;
			if (from >= end) {
				throw OperationException.conflict("nothing to skip in " + tp + ": the group has consumed up to the log end ("
						+ end + "); skip applies to records already in the log");
			}
			target = Math.min(end, from + request.skip());
			effect = "records [" + from + ", " + target + ") are skipped without processing (position when executed may differ if the listener is moving)";
		}
		boolean owned = this.callbacks.forPartition(id, tp).isPresent();
		return new SeekPlan(id, container.getGroupId(), tp.toString(), committed, start, end, target, effect, owned);
	}

	/**
	 * Seeks through the running container.
	 * @param id listener id
	 * @param request what to do
	 * @return the plan that was executed
	 * @throws OperationException (409) when the partition is not assigned to this instance
	 */
	public SeekPlan seek(String id, SeekRequest request) {
		SeekPlan plan = plan(id, request);
		TopicPartition tp = request.partition();
		ConsumerSeekCallback callback = this.callbacks.forPartition(id, tp)
			.orElseThrow(() -> OperationException.conflict("partition " + tp + " of listener " + id
					+ " is not assigned to this instance (assigned here: " + listener(id).assignedPartitions()
					+ "); call the instance that consumes it"));
		if (request.skip() != null) {
			long skip = request.skip();
			long logEnd = plan.logEndOffset();
			callback.seek(tp.topic(), tp.partition(), (position) -> {
				// never past the log end seen when planning: a position beyond it is out of range for the consumer
				long target = Math.min(position + skip, Math.max(position, logEnd));
				log.warn("Skipping records [{}, {}) of {} for listener {}", position, target, tp, id);
				return target;
			});
		}
		else {
			callback.seek(tp.topic(), tp.partition(), plan.targetOffset());
		}
		log.warn("Seek requested on listener {}: {}", id, plan.effect());
		return plan;
	}

	private long offsetForTime(TopicPartition tp, Instant timestamp, long end) {
		try {
			ListOffsetsResultInfo info = this.admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(timestamp.toEpochMilli())))
				.partitionResult(tp)
				.get(10, TimeUnit.SECONDS);
			return (info.offset() < 0) ? end : info.offset();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw OperationException.unavailable("could not look up offsets of " + tp + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	private Map<String, Long> bounds(TopicPartition tp) {
		try {
			long start = this.admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
			long end = this.admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
			return Map.of("start", start, "end", end);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw OperationException.unavailable("could not look up offsets of " + tp + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	private Long committed(String group, TopicPartition tp) {
		if (group == null) {
			return null;
		}
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			OffsetAndMetadata committed = offsets.get(tp);
			return (committed != null) ? committed.offset() : null;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw OperationException.unavailable("could not read committed offsets of group " + group + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	private void validatePartition(TopicPartition tp) {
		try {
			TopicDescription description = this.admin.describeTopics(List.of(tp.topic()))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(tp.topic());
			int partitions = description.partitions().size();
			if (tp.partition() < 0 || tp.partition() >= partitions) {
				throw OperationException.badRequest("partition " + tp.partition() + " out of range: topic " + tp.topic()
						+ " has partitions 0.." + (partitions - 1));
			}
		}
		catch (ExecutionException ex) {
			throw OperationException.badRequest("unknown topic '" + tp.topic() + "': " + ex.getCause().getMessage());
		}
		catch (TimeoutException ex) {
			throw OperationException.unavailable("Kafka did not answer describing " + tp.topic());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	private static void requireConsumedTopic(MessageListenerContainer container, TopicPartition tp) {
		String[] topics = container.getContainerProperties().getTopics();
		if (topics == null) {
			// a topic pattern or explicit partitions: the partition check and the assignment tell
			return;
		}
		if (!List.of(topics).contains(tp.topic())) {
			throw OperationException.badRequest("listener " + container.getListenerId() + " does not consume topic '"
					+ tp.topic() + "'; its topics: " + List.of(topics));
		}
	}

	private void requireAssigned(MessageListenerContainer container, TopicPartition tp) {
		Collection<TopicPartition> assigned = Optional.ofNullable(container.getAssignedPartitions()).orElse(List.of());
		if (!assigned.contains(tp)) {
			throw OperationException.conflict("partition " + tp + " is not assigned to listener " + container.getListenerId()
					+ " in this instance (assigned here: " + assigned + ")");
		}
	}

	private void requireStarted() {
		if (this.registry == null) {
			throw OperationException.unavailable("listener operations are not started yet");
		}
	}

	private MessageListenerContainer container(String id) {
		requireStarted();
		MessageListenerContainer container = (id != null) ? this.registry.getListenerContainer(id) : null;
		if (container == null) {
			Map<String, String> known = new TreeMap<>();
			this.registry.getListenerContainerIds().forEach((k) -> known.put(k, k));
			throw OperationException.notFound("unknown listener '" + id + "'; listeners: " + known.keySet());
		}
		return container;
	}

	/**
	 * A listener's state in this instance.
	 *
	 * @param id listener id
	 * @param groupId consumer group
	 * @param topics subscribed topics
	 * @param running container running
	 * @param paused pause requested for the whole listener
	 * @param assignedPartitions partitions assigned here
	 * @param pausedPartitions partitions paused here
	 */
	public record ListenerView(String id, String groupId, List<String> topics, boolean running, boolean paused,
			List<String> assignedPartitions, List<String> pausedPartitions) {

	}

	/**
	 * A seek: exactly one of offset, timestamp or skip.
	 *
	 * @param partition topic partition
	 * @param offset absolute offset
	 * @param timestamp first record at or after this time
	 * @param skip number of records to skip from the current position
	 */
	public record SeekRequest(TopicPartition partition, Long offset, Instant timestamp, Long skip) {

		/** Validates that exactly one target is given and that it is sane. */
		public SeekRequest {
			Objects.requireNonNull(partition, "partition must not be null");
			int given = ((offset != null) ? 1 : 0) + ((timestamp != null) ? 1 : 0) + ((skip != null) ? 1 : 0);
			if (given != 1) {
				throw OperationException.badRequest("give exactly one of offset, timestamp or skip");
			}
			if (offset != null && offset < 0) {
				throw OperationException.badRequest("offset must be >= 0, was " + offset);
			}
			if (skip != null && skip < 1) {
				throw OperationException.badRequest("skip must be >= 1, was " + skip);
			}
		}

	}

	/**
	 * What a seek does.
	 *
	 * @param listenerId listener id
	 * @param groupId consumer group
	 * @param partition topic partition
	 * @param committedOffset committed offset of the group now (null if none)
	 * @param logStartOffset first offset in the log
	 * @param logEndOffset offset the next record will get
	 * @param targetOffset where consumption continues (for skip: computed from the committed offset)
	 * @param effect in words
	 * @param assignedHere whether this instance consumes the partition (seek only works there)
	 */
	public record SeekPlan(String listenerId, String groupId, String partition, Long committedOffset, long logStartOffset,
			long logEndOffset, long targetOffset, String effect, boolean assignedHere) {

	}

}
