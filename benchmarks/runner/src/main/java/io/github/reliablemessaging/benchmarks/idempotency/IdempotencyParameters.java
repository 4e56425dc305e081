package io.github.reliablemessaging.benchmarks.idempotency;

import io.github.reliablemessaging.benchmarks.Size;

/**
 * The idempotency scenario's parameters at one size.
 *
 * @param partitions partitions of the topics; the listener container runs one consumer thread per partition
 * @param keys distinct record keys (order ids)
 * @param events distinct events (event ids), each one business row
 * @param duplicatePercent share of re-published copies in the duplicates topic, of {@code events}
 * @param timeoutSeconds a run that takes longer is stopped and reported incomplete
 */
record IdempotencyParameters(int partitions, int keys, int events, int duplicatePercent, int timeoutSeconds) {

	static IdempotencyParameters of(Size size) {
		return switch (size) {
			case TINY -> new IdempotencyParameters(6, 200, 600, 10, 60);
			case SMALL -> new IdempotencyParameters(6, 10_000, 10_000, 10, 240);
			case FULL -> new IdempotencyParameters(6, 10_000, 40_000, 10, 600);
		};
	}

	/** @return re-published copies in the duplicates topic */
	int duplicates() {
		return this.events * this.duplicatePercent / 100;
	}

}
