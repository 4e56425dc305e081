package io.github.reliablemessaging.ordered;

import java.util.Collection;
import java.util.function.LongUnaryOperator;

import org.apache.kafka.common.TopicPartition;

/**
 * Moves where an {@link OrderedConsumer} reads a partition. Seeks handed to {@link OrderedConsumer#seeker()} are
 * queued and run on the consumer thread: the partition's queued and retry-parked records are dropped, its record
 * being processed now is awaited (bounded by {@link OrderedSettings#revokeTimeout()}), its offset tracking is reset
 * and the consumer is repositioned. Records after the new position are delivered again even if some were already
 * processed (at-least-once). A seek of a partition not assigned to this consumer is ignored with a warning.
 *
 * <p>"Current" below means the offset consumption would resume from: the lowest offset of the partition that is
 * not completed yet (for an ordered consumer the Kafka position is usually far ahead of it).
 */
public interface Seeker {

	/**
	 * @param partition the partition
	 * @param offset the next offset to process
	 */
	void seek(TopicPartition partition, long offset);

	/**
	 * Seeks to an offset computed from the current one, e.g. {@code current -> current + 1} skips the record stuck
	 * in retry.
	 * @param partition the partition
	 * @param fromCurrent gets the lowest not completed offset, returns the next offset to process
	 */
	void seek(TopicPartition partition, LongUnaryOperator fromCurrent);

	/**
	 * @param partition the partition
	 * @param delta added to the current offset ({@code toCurrent}); otherwise a positive delta counts from the log
	 * start and a negative one back from the log end
	 * @param toCurrent whether {@code delta} is relative to the current offset
	 */
	void seekRelative(TopicPartition partition, long delta, boolean toCurrent);

	/** @param partitions to move to their log start */
	void seekToBeginning(Collection<TopicPartition> partitions);

	/** @param partitions to move to their log end */
	void seekToEnd(Collection<TopicPartition> partitions);

	/**
	 * @param partitions partitions to move
	 * @param timestamp epoch milliseconds: the first record at or after it is processed next (the log end if none)
	 */
	void seekToTimestamp(Collection<TopicPartition> partitions, long timestamp);

}
