package io.github.reliablemessaging.ordered;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Hooks an {@link OrderedConsumer} calls on its consumer thread, for integration (Spring Kafka's
 * {@code ConsumerSeekAware} and rebalance listeners are adapted to these). The {@code consumer} handed to a hook
 * may be used only inside the hook.
 */
public interface ConsumerCallbacks {

	/** Callbacks that do nothing. */
	ConsumerCallbacks NONE = new ConsumerCallbacks() {
	};

	/**
	 * Before the first poll.
	 * @param seeker queues seeks for the consumer thread; valid for the life of the consumer
	 */
	default void onConsumerStarted(Seeker seeker) {
	}

	/**
	 * Partitions were assigned; their tracking starts empty.
	 * @param consumer the consumer
	 * @param positions each new partition with its position
	 * @param seeker seeks the new partitions at once; valid only during this call
	 */
	default void onPartitionsAssigned(Consumer<?, ?> consumer, Map<TopicPartition, Long> positions, Seeker seeker) {
	}

	/**
	 * Partitions are being revoked, before their in-flight records are awaited and their offsets committed.
	 * @param consumer the consumer
	 * @param partitions the partitions
	 */
	default void onPartitionsRevoking(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
	}

	/**
	 * Partitions were revoked, after the completed offsets were committed.
	 * @param consumer the consumer
	 * @param partitions the partitions
	 */
	default void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
	}

	/**
	 * Partitions were lost (another member owns them already): their records were dropped, nothing was committed.
	 * @param consumer the consumer
	 * @param partitions the partitions
	 */
	default void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
	}

	/** After the final commit, before the consumer is closed. */
	default void onConsumerStopping() {
	}

}
