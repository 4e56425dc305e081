package io.github.reliablemessaging.ops.monitoring.canary;

import java.util.List;

/** Told what the canary sees, e.g. to feed meters. Called on the canary's own threads; must not block. */
public interface CanaryListener {

	/**
	 * The canary runs on these partitions (called once, or at once when added later).
	 * @param partitions partition numbers of the canary topic
	 */
	default void started(List<Integer> partitions) {
	}

	/**
	 * A canary record arrived for the first time.
	 * @param partition its partition
	 * @param latencyMillis time from send to arrival
	 */
	default void delivered(int partition, long latencyMillis) {
	}

}
