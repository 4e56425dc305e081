package io.github.reliablemessaging.ordered;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one record on a worker thread of an {@link OrderedConsumer}. Records of one key arrive one at a time
 * and in offset order; records of different keys arrive concurrently on different workers. Returning normally
 * completes the record (its offset becomes committable once every earlier record of the partition is complete);
 * throwing retries it with backoff, then hands it to the {@link RecordRecoverer}.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface RecordHandler<K, V> {

	/**
	 * @param record the record
	 * @throws Exception to have the record retried (other keys keep flowing meanwhile)
	 */
	void handle(ConsumerRecord<K, V> record) throws Exception;

}
