package io.github.reliablemessaging.ordered.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.ordered.ConsumerCallbacks;
import io.github.reliablemessaging.ordered.Seeker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Calls a {@link ConsumerSeekAware} listener and the container's rebalance listener the way Spring Kafka's own
 * containers do: the seek callback is registered on the consumer thread before the first poll, assignments come with
 * a callback that seeks at once, revocations are reported after the commit, and at the end the listener hears an
 * empty revocation and the callback is unregistered.
 */
public final class SpringCallbacks implements ConsumerCallbacks {

	private final ConsumerSeekAware seekAware;

	private final ConsumerRebalanceListener rebalanceListener;

	private final String groupId;

	/**
	 * @param listener the container's message listener (seek-aware or not)
	 * @param rebalanceListener the container's rebalance listener, may be null
	 * @param groupId the consumer group
	 */
	public SpringCallbacks(Object listener, ConsumerRebalanceListener rebalanceListener, String groupId) {
		this.seekAware = (listener instanceof ConsumerSeekAware aware) ? aware : null;
		this.rebalanceListener = rebalanceListener;
		this.groupId = groupId;
	}

	@Override
	public void onConsumerStarted(Seeker seeker) {
		if (this.seekAware != null) {
			this.seekAware.registerSeekCallback(new SpringSeekCallback(seeker, this.groupId));
		}
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Map<TopicPartition, Long> positions, Seeker seeker) {
		if (this.seekAware != null) {
			this.seekAware.onPartitionsAssigned(positions, new SpringSeekCallback(seeker, this.groupId));
		}
		if (this.rebalanceListener instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsAssigned(consumer, positions.keySet());
		}
		else if (this.rebalanceListener != null) {
			this.rebalanceListener.onPartitionsAssigned(positions.keySet());
		}
	}

	@Override
	public void onPartitionsRevoking(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (this.rebalanceListener instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
		}
		else if (this.rebalanceListener != null) {
			this.rebalanceListener.onPartitionsRevoked(partitions);
		}
	}

	@Override
	public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (this.rebalanceListener instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsRevokedAfterCommit(consumer, partitions);
		}
		if (this.seekAware != null) {
			this.seekAware.onPartitionsRevoked(partitions);
		}
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (this.rebalanceListener instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsLost(consumer, partitions);
		}
		else if (this.rebalanceListener != null) {
			this.rebalanceListener.onPartitionsLost(partitions);
		}
		if (this.seekAware != null) {
			this.seekAware.onPartitionsRevoked(partitions);
		}
	}

	@Override
	public void onConsumerStopping() {
		if (this.seekAware != null) {
			this.seekAware.onPartitionsRevoked(List.of());
			this.seekAware.unregisterSeekCallback();
		}
	}

}
