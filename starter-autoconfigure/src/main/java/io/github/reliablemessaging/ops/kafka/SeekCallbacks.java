package io.github.reliablemessaging.ops.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;

/**
 * The seek callbacks Spring Kafka hands to listeners, per listener id and assigned partition. A seek through such a
 * callback is queued and executed on the container's own consumer thread before its next poll, after the records
 * of the current poll are processed and committed.
 */
public class SeekCallbacks {

	private final Map<String, Map<TopicPartition, ConsumerSeekCallback>> callbacks = new ConcurrentHashMap<>();

	void assigned(String listenerId, Map<TopicPartition, Long> partitions, ConsumerSeekCallback callback) {
		Map<TopicPartition, ConsumerSeekCallback> byPartition = this.callbacks.computeIfAbsent(listenerId,
				(id) -> new ConcurrentHashMap<>());
		partitions.keySet().forEach((tp) -> byPartition.put(tp, callback));
	}

	void revoked(String listenerId, Iterable<TopicPartition> partitions) {
		Map<TopicPartition, ConsumerSeekCallback> byPartition = this.callbacks.get(listenerId);
		if (byPartition != null) {
			partitions.forEach(byPartition::remove);
		}
	}

	/**
	 * @param listenerId listener id
	 * @param partition topic partition
	 * @return the callback of the consumer thread that owns the partition in this instance, if any
	 */
	public Optional<ConsumerSeekCallback> forPartition(String listenerId, TopicPartition partition) {
		return Optional.ofNullable(this.callbacks.getOrDefault(listenerId, Map.of()).get(partition));
	}

}
