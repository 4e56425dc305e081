package io.github.reliablemessaging.ordered;

import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * A point-in-time view of an ordered consumer. Counters are cumulative; partition figures are refreshed on every
 * commit cycle.
 *
 * @param name listener id / consumer name
 * @param running whether the consumer thread runs
 * @param concurrency workers running now
 * @param targetConcurrency configured worker count (in force when multithreaded)
 * @param multithreaded whether the worker pool is on
 * @param resizing whether a pool swap is in progress (dispatch quiesced)
 * @param queued records waiting in worker queues or deferred behind a key in retry
 * @param inFlight records received and not yet committable, over all partitions
 * @param parkedKeys keys waiting for a retry of their head record
 * @param pausedPartitions partitions paused now (operator, backpressure, resize or shutdown)
 * @param commitLag offsets between the consumer position and the last acknowledged commit, over all partitions
 * @param processed records processed successfully
 * @param invocations handler invocations (first attempts and retries)
 * @param invocationNanos time spent in the handler
 * @param retries retries scheduled
 * @param deadLettered records handed to the recoverer and recovered
 * @param resizes completed pool swaps
 * @param partitions per-partition figures
 */
public record OrderedStats(String name, boolean running, int concurrency, int targetConcurrency, boolean multithreaded,
		boolean resizing, long queued, long inFlight, int parkedKeys, int pausedPartitions, long commitLag,
		long processed, long invocations, long invocationNanos, long retries, long deadLettered, long resizes,
		List<PartitionStats> partitions) {

	/**
	 * One assigned partition.
	 *
	 * @param partition the partition
	 * @param inFlight records received and not yet committable
	 * @param position the consumer position (-1 if unknown)
	 * @param committed last acknowledged commit (-1 if none yet)
	 * @param paused whether the partition is paused now
	 * @param backpressured whether it is paused because {@code inFlight} reached the bound
	 */
	public record PartitionStats(TopicPartition partition, long inFlight, long position, long committed, boolean paused,
			boolean backpressured) {

	}

}
