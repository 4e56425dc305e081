package io.github.reliablemessaging.kafka;

import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka record whose listener invocation is running on the current thread, for code that needs its topic,
 * partition, offset, key or headers without taking a {@link ConsumerRecord} parameter (for example the key
 * expression of {@code @IdempotentListener}).
 *
 * <p>Bound around every listener invocation of the containers of the endpoint registry (on the consumer thread of
 * a standard container, on the worker thread of an ordered container), and unbound afterwards; nested bindings
 * restore the outer record when they close.
 *
 * <pre>{@code
 * CurrentRecord.get().ifPresent(record -> log.info("processing {}-{}@{}", record.topic(), record.partition(), record.offset()));
 * }</pre>
 */
public final class CurrentRecord {

	private static final ThreadLocal<ConsumerRecord<?, ?>> RECORD = new ThreadLocal<>();

	private CurrentRecord() {
	}

	/** @return the record being processed on this thread, if a listener invocation is running */
	public static Optional<ConsumerRecord<?, ?>> get() {
		return Optional.ofNullable(RECORD.get());
	}

	/**
	 * Binds a record to this thread until the returned scope is closed.
	 * <pre>{@code
	 * try (CurrentRecord.Scope scope = CurrentRecord.bind(record)) {
	 *     listener.onMessage(record);
	 * }
	 * }</pre>
	 * @param record the record about to be processed
	 * @return the scope; closing it restores what was bound before
	 */
	public static Scope bind(ConsumerRecord<?, ?> record) {
		Objects.requireNonNull(record, "record must not be null");
		ConsumerRecord<?, ?> previous = RECORD.get();
		RECORD.set(record);
		return () -> {
			if (previous != null) {
				RECORD.set(previous);
			}
			else {
				RECORD.remove();
			}
		};
	}

	/** A binding of {@link CurrentRecord}; closing it restores the previous binding. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
