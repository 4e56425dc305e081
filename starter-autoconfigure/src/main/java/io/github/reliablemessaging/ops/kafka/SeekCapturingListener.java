package io.github.reliablemessaging.ops.kafka;

import java.util.Collection;
import java.util.Map;

import io.github.reliablemessaging.kafka.CurrentRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.AcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.adapter.AbstractDelegatingMessageListenerAdapter;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Wraps a record listener so that the container hands its seek callbacks to {@link SeekCallbacks} too, and binds
 * {@link CurrentRecord} around each invocation. Messages go
 * to the delegate unchanged, with the arguments the delegate's type takes; the delegate's own
 * {@code ConsumerSeekAware} callbacks keep working.
 */
class SeekCapturingListener extends AbstractDelegatingMessageListenerAdapter<MessageListener<Object, Object>>
		implements AcknowledgingConsumerAwareMessageListener<Object, Object> {

	private final String listenerId;

	private final SeekCallbacks callbacks;

	/**
	 * The callback registered by the consumer thread running this listener: it queues seeks for that thread. The
	 * callback handed to {@code onPartitionsAssigned} acts on the consumer directly and is only valid during the
	 * assignment, so it must not be kept.
	 */
	private final ThreadLocal<ConsumerSeekCallback> threadCallback = new ThreadLocal<>();

	SeekCapturingListener(String listenerId, MessageListener<Object, Object> delegate, SeekCallbacks callbacks) {
		super(delegate);
		this.listenerId = listenerId;
		this.callbacks = callbacks;
	}

	@Override
	public void onMessage(ConsumerRecord<Object, Object> record, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
		try (CurrentRecord.Scope scope = CurrentRecord.bind(record)) {
			switch (this.delegateType) {
				case ACKNOWLEDGING_CONSUMER_AWARE -> this.delegate.onMessage(record, acknowledgment, consumer);
				case ACKNOWLEDGING -> this.delegate.onMessage(record, acknowledgment);
				case CONSUMER_AWARE -> this.delegate.onMessage(record, consumer);
				case SIMPLE -> this.delegate.onMessage(record);
			}
		}
	}

	@Override
	public void registerSeekCallback(ConsumerSeekCallback callback) {
		this.threadCallback.set(callback);
		super.registerSeekCallback(callback);
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		ConsumerSeekCallback queued = this.threadCallback.get();
		if (queued != null) {
			this.callbacks.assigned(this.listenerId, assignments, queued);
		}
		super.onPartitionsAssigned(assignments, callback);
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		this.callbacks.revoked(this.listenerId, partitions);
		super.onPartitionsRevoked(partitions);
	}

}
