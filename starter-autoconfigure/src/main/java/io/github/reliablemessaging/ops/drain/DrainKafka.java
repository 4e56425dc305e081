package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.github.reliablemessaging.ops.kafka.OperationException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka look-ups and changes of a drain, through the admin client (and a probe consumer). */
final class DrainKafka {

	private final Admin admin;

	private final Map<String, Object> clientProperties;

	private final Duration timeout;

	DrainKafka(Admin admin, Map<String, Object> clientProperties, Duration timeout) {
		this.admin = admin;
		this.clientProperties = clientProperties;
		this.timeout = timeout;
	}

	/** @return the topic's description, or null when it does not exist */
	TopicDescription describe(String topic) {
		try {
			return this.admin.describeTopics(List.of(topic)).allTopicNames().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.get(topic);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException
					|| ex.getCause() instanceof org.apache.kafka.common.errors.InvalidTopicException) {
				// an invalid name cannot exist: creating it is refused with the broker's reason
				return null;
			}
			throw failed("describe topic " + topic, ex);
		}
		catch (TimeoutException | InterruptedException ex) {
			throw failed("describe topic " + topic, ex);
		}
	}

	/** Waits (bounded) until every partition of a topic just created has a leader, so that forwarding starts cleanly. */
	void awaitLeaders(String topic) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				TopicDescription description = describe(topic);
				if (description != null && description.partitions().stream().allMatch((p) -> p.leader() != null && p.leader().id() >= 0)) {
					return;
				}
			}
			catch (OperationException ex) {
				// not visible yet
			}
			sleep(100);
		}
	}

	/** @return the configs set on the topic itself (not broker or static defaults) */
	Map<String, String> topicConfigs(String topic) {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = get(this.admin.describeConfigs(List.of(resource)).all(), "describe the configs of " + topic).get(resource);
		Map<String, String> set = new TreeMap<>();
		for (ConfigEntry entry : config.entries()) {
			if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null && !entry.isSensitive()) {
				set.put(entry.name(), entry.value());
			}
		}
		return set;
	}

	/**
	 * Creates the topic; or only asks the cluster whether it would ({@code validateOnly}).
	 * @throws OperationException 409 with the broker's reason when the cluster refuses
	 */
	void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> configs, boolean validateOnly) {
		NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor).configs(configs);
		try {
			this.admin.createTopics(List.of(newTopic), new CreateTopicsOptions().validateOnly(validateOnly))
				.all()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw OperationException.conflict("the cluster refused to create topic " + topic + " (" + partitions + " partitions, "
					+ "replication factor " + replicationFactor + "): " + cause.getMessage());
		}
		catch (TimeoutException | InterruptedException ex) {
			throw failed("create topic " + topic, ex);
		}
	}

	/** @return the group's committed offsets of the topic's partitions (absent: none committed) */
	Map<Integer, Long> committed(String group, String topic) {
		Map<TopicPartition, OffsetAndMetadata> offsets = get(
				this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read the offsets of group " + group);
		Map<Integer, Long> result = new TreeMap<>();
		offsets.forEach((tp, offset) -> {
			if (tp.topic().equals(topic) && offset != null) {
				result.put(tp.partition(), offset.offset());
			}
		});
		return result;
	}

	Map<Integer, Long> endOffsets(String topic, int partitions) {
		return offsets(topic, partitions, OffsetSpec.latest());
	}

	Map<Integer, Long> beginningOffsets(String topic, int partitions) {
		return offsets(topic, partitions, OffsetSpec.earliest());
	}

	private Map<Integer, Long> offsets(String topic, int partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			request.put(new TopicPartition(topic, p), spec);
		}
		Map<TopicPartition, ListOffsetsResultInfo> answer;
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			try {
				answer = get(this.admin.listOffsets(request).all(), "read the offsets of " + topic);
				break;
			}
			catch (OperationException ex) {
				// a topic created a moment ago may not be in every broker's metadata yet
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(200);
			}
		}
		return answer.entrySet().stream().collect(Collectors.toMap((e) -> e.getKey().partition(), (e) -> e.getValue().offset(),
				(a, b) -> a, TreeMap::new));
	}

	/** @return whether the group has no member (or does not exist) */
	boolean groupEmpty(String group) {
		try {
			ConsumerGroupDescription description = this.admin.describeConsumerGroups(List.of(group))
				.all()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.get(group);
			return description == null || description.members().isEmpty()
					|| description.groupState() == GroupState.EMPTY || description.groupState() == GroupState.DEAD;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return true;
			}
			throw failed("describe group " + group, ex);
		}
		catch (TimeoutException | InterruptedException ex) {
			throw failed("describe group " + group, ex);
		}
	}

	/**
	 * @param topic a (transactional) topic
	 * @param from per partition, the first offset not consumed
	 * @param end per partition, the end to reach
	 * @return whether there is no record (only transaction markers or aborted records) between from and end on every
	 * partition
	 */
	boolean nothingBetween(String topic, Map<Integer, Long> from, Map<Integer, Long> end) {
		Map<TopicPartition, Long> start = new HashMap<>();
		end.forEach((partition, offset) -> {
			long first = from.getOrDefault(partition, 0L);
			if (first < offset) {
				start.put(new TopicPartition(topic, partition), first);
			}
		});
		if (start.isEmpty()) {
			return true;
		}
		Map<String, Object> props = new HashMap<>(this.clientProperties);
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.remove(ConsumerConfig.GROUP_ID_CONFIG);
		try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			probe.assign(start.keySet());
			start.forEach(probe::seek);
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (System.nanoTime() < deadline) {
				if (!probe.poll(Duration.ofMillis(100)).isEmpty()) {
					return false;
				}
				boolean reached = true;
				for (TopicPartition tp : start.keySet()) {
					if (probe.position(tp) < end.get(tp.partition())) {
						reached = false;
					}
				}
				if (reached) {
					return true;
				}
			}
			return false;
		}
	}

	private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException | InterruptedException ex) {
			throw failed(what, ex);
		}
	}

	private OperationException failed(String what, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
		String reason = (ex instanceof TimeoutException) ? "Kafka did not answer within " + this.timeout
				: (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return OperationException.unavailable("could not " + what + ": " + reason);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw OperationException.unavailable("interrupted");
		}
	}

	static long sum(Collection<Long> values) {
		return values.stream().mapToLong(Long::longValue).sum();
	}

}
