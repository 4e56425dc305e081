package io.github.reliablemessaging.ordered;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a record whose retries are exhausted (or whose failure is not retryable), typically by publishing it to a
 * dead-letter topic. When it returns, the record's offset completes; when it throws, the record stays parked (its
 * key keeps waiting) and recovery is tried again later, so a record is never dropped silently.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface RecordRecoverer<K, V> {

	/**
	 * @param record the record that could not be processed
	 * @param failure the last failure
	 * @throws Exception when the record could not be recovered (tried again later)
	 */
	void recover(ConsumerRecord<K, V> record, Exception failure) throws Exception;

}
