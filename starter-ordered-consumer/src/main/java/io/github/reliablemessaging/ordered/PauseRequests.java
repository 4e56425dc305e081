package io.github.reliablemessaging.ordered;

import org.apache.kafka.common.TopicPartition;

/**
 * Where an {@link OrderedConsumer} reads operator pause requests; consulted before every poll. Records already
 * dispatched keep being processed while paused.
 */
public interface PauseRequests {

	/** Never paused. */
	PauseRequests NONE = new PauseRequests() {

		@Override
		public boolean isPauseRequested() {
			return false;
		}

		@Override
		public boolean isPartitionPauseRequested(TopicPartition partition) {
			return false;
		}

	};

	/** @return whether every partition should be paused */
	boolean isPauseRequested();

	/**
	 * @param partition an assigned partition
	 * @return whether that partition should be paused
	 */
	boolean isPartitionPauseRequested(TopicPartition partition);

}
