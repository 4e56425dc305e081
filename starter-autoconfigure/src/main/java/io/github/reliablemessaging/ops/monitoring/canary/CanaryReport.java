package io.github.reliablemessaging.ops.monitoring.canary;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the canary measured since this instance started.
 *
 * @param topic canary topic
 * @param instance the instance whose records are counted (each instance counts its own)
 * @param state {@code STARTING}, {@code RUNNING} or {@code FAILED}
 * @param problem why it is not running, if so
 * @param healthy false when a partition's recent availability is below the threshold, or the canary failed
 * @param totals over all partitions
 * @param partitions per partition
 */
public record CanaryReport(String topic, String instance, String state, @Nullable String problem, boolean healthy,
		Totals totals, Map<Integer, PartitionReport> partitions) {

	/**
	 * Sums over all partitions.
	 *
	 * @param sent records sent
	 * @param delivered records read back (first arrival)
	 * @param lost records acknowledged by Kafka but not read back within the grace period
	 * @param duplicates records read back more than once
	 * @param sendErrors records Kafka did not accept
	 */
	public record Totals(long sent, long delivered, long lost, long duplicates, long sendErrors) {

	}

	/**
	 * One partition.
	 *
	 * @param partition partition number
	 * @param sent records sent
	 * @param delivered records read back (first arrival)
	 * @param pending records sent and not yet resolved
	 * @param lost records acknowledged by Kafka but not read back within the grace period
	 * @param duplicates records read back more than once
	 * @param lateArrivals records read back after they were declared lost
	 * @param sendErrors records Kafka did not accept
	 * @param latencyMillis end-to-end latency (send to read back) of the latest deliveries, null before the first
	 * @param availability delivered / (delivered + lost + send errors) since start, null before the first outcome
	 * @param recentAvailability the same over the latest outcomes, null before the first outcome
	 */
	public record PartitionReport(int partition, long sent, long delivered, long pending, long lost, long duplicates,
			long lateArrivals, long sendErrors, @Nullable Latency latencyMillis, @Nullable Double availability,
			@Nullable Double recentAvailability) {

	}

	/**
	 * Latency percentiles in milliseconds.
	 *
	 * @param p50 median
	 * @param p99 99th percentile
	 * @param max maximum
	 * @param samples deliveries they are computed over
	 */
	public record Latency(long p50, long p99, long max, int samples) {

	}

}
