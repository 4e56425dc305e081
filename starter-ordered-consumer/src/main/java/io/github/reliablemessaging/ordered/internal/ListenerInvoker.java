package io.github.reliablemessaging.ordered.internal;

import io.github.reliablemessaging.kafka.CurrentRecord;
import io.github.reliablemessaging.ordered.RecordHandler;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.ListenerType;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Calls a Spring Kafka record listener on a worker thread with the context it has on a standard container's
 * consumer thread: the consumer group ({@link KafkaUtils#getConsumerGroupId()}, used e.g. by the dead-letter
 * recoverer's headers and by {@code @IdempotentListener}) and {@link CurrentRecord}. A record that failed
 * deserialization in Spring's {@code ErrorHandlingDeserializer} is failed with its {@link DeserializationException}
 * before the listener sees it (not retryable: it goes to the recoverer at once).
 *
 * <p>The Kafka consumer is not passed to the listener: it belongs to the consumer thread. An
 * {@link Acknowledgment} parameter is accepted and does nothing: a record completes when the listener returns.
 */
public final class ListenerInvoker<K, V> implements RecordHandler<K, V> {

	private static final LogAccessor LOGGER = new LogAccessor(LogFactory.getLog(ListenerInvoker.class));

	private static final Acknowledgment COMPLETES_ON_RETURN = () -> {
	};

	private final MessageListener<K, V> listener;

	private final ListenerType type;

	private final String groupId;

	/**
	 * @param listener the record listener (typically Spring's adapter of a {@code @KafkaListener} method)
	 * @param groupId the consumer group
	 */
	public ListenerInvoker(MessageListener<K, V> listener, String groupId) {
		this.listener = listener;
		this.type = ListenerUtils.determineListenerType(listener);
		this.groupId = groupId;
	}

	@Override
	public void handle(ConsumerRecord<K, V> record) {
		KafkaUtils.setConsumerGroupId(this.groupId);
		try (CurrentRecord.Scope scope = CurrentRecord.bind(record)) {
			rejectUndeserializable(record);
			switch (this.type) {
				case ACKNOWLEDGING_CONSUMER_AWARE -> this.listener.onMessage(record, COMPLETES_ON_RETURN, (Consumer<?, ?>) null);
				case ACKNOWLEDGING -> this.listener.onMessage(record, COMPLETES_ON_RETURN);
				case CONSUMER_AWARE -> this.listener.onMessage(record, (Consumer<?, ?>) null);
				case SIMPLE -> this.listener.onMessage(record);
			}
		}
		catch (RuntimeException ex) {
			throw withGroup(ex);
		}
		finally {
			KafkaUtils.clearConsumerGroupId();
		}
	}

	/** As Spring's containers do, so that the dead-letter record names the original consumer group. */
	private RuntimeException withGroup(RuntimeException failure) {
		if (failure instanceof ListenerExecutionFailedException listenerFailure) {
			if (this.groupId == null || this.groupId.equals(listenerFailure.getGroupId())) {
				return failure;
			}
			String message = (failure.getMessage() != null) ? failure.getMessage() : "Listener failed";
			ListenerExecutionFailedException decorated = new ListenerExecutionFailedException(message, this.groupId,
					failure.getCause());
			decorated.setStackTrace(failure.getStackTrace());
			return decorated;
		}
		return new ListenerExecutionFailedException("Listener failed", this.groupId, failure);
	}

	private static void rejectUndeserializable(ConsumerRecord<?, ?> record) {
		if (!record.headers().iterator().hasNext()) {
			return;
		}
		DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
				KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOGGER);
		if (failure == null) {
			failure = SerializationUtils.getExceptionFromHeader(record, KafkaUtils.KEY_DESERIALIZER_EXCEPTION_HEADER, LOGGER);
		}
		if (failure != null) {
			throw failure;
		}
	}

}
