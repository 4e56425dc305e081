package io.github.reliablemessaging.benchmarks.ordered;

import io.github.reliablemessaging.benchmarks.Size;
import io.github.reliablemessaging.benchmarks.peer.HandlerMode;

/**
 * The ordered-consumer scenario's parameters at one size. {@code full} is the benchmark of issue 3: 6 partitions,
 * 10k keys, 64 workers, 200k records.
 *
 * @param partitions partitions of the backlog and of each live topic
 * @param keys distinct keys in the backlog (and again in the live records)
 * @param workers workers of the systems that parallelise beyond partitions
 * @param backlogRecords records consumed for throughput with the 1 ms handler
 * @param noopBacklogRecords records consumed for throughput with the no-op handler: more, so that the measured window
 * (a no-op run handles hundreds of thousands of records per second) is seconds long rather than a start-up transient
 * @param liveRecords records produced at a fixed rate after the backlog, for end-to-end latency
 * @param liveRatePerSecond rate of the live records, below what every system sustains with either handler
 * @param timeoutSeconds a run that takes longer is stopped and reported with what it handled
 */
record OrderedParameters(int partitions, int keys, int workers, int backlogRecords, int noopBacklogRecords,
		int liveRecords, int liveRatePerSecond, int timeoutSeconds) {

	/**
	 * @param handler the handler
	 * @return backlog records consumed with that handler
	 */
	int backlogRecords(HandlerMode handler) {
		return (handler == HandlerMode.NOOP) ? this.noopBacklogRecords : this.backlogRecords;
	}

	static OrderedParameters of(Size size) {
		return switch (size) {
			case TINY -> new OrderedParameters(6, 200, 8, 3_000, 3_000, 300, 500, 60);
			case SMALL -> new OrderedParameters(6, 10_000, 64, 20_000, 200_000, 4_000, 2_000, 180);
			case FULL -> new OrderedParameters(6, 10_000, 64, 200_000, 1_000_000, 10_000, 2_000, 600);
		};
	}

}
