package io.github.reliablemessaging.sharding.rebalance;

import java.time.Duration;

/**
 * Tuning of slot moves.
 *
 * @param chunkRows rows per copy chunk (and per checksum chunk)
 * @param freezeMaxPendingKeys freeze only when at most this many captured changes wait to be applied
 * @param freezeMaxLag ... and the oldest of them is younger than this
 * @param markerTimeout longest wait for the freeze marker to come through the binlog; the freeze is undone after it
 * @param freezeAttempts freezes undone (marker late, checksum different) before the move is aborted
 * @param cleanupBatchRows rows per delete on the source after the flip
 * @param cleanupPause pause between cleanup deletes (throttle)
 * @param freezeCopyMaxRows largest slot a freeze-copy move accepts (its writers wait for the whole copy)
 * @param idlePoll how often the worker looks for work
 */
public record RebalanceSettings(int chunkRows, int freezeMaxPendingKeys, Duration freezeMaxLag, Duration markerTimeout,
		int freezeAttempts, int cleanupBatchRows, Duration cleanupPause, long freezeCopyMaxRows, Duration idlePoll) {

	/** @return 1000-row chunks, freeze at ≤ 100 pending changes younger than 50 ms, 500-row cleanup batches every 10 ms */
	public static RebalanceSettings defaults() {
		return new RebalanceSettings(1000, 100, Duration.ofMillis(50), Duration.ofSeconds(2), 5, 500,
				Duration.ofMillis(10), 20_000, Duration.ofMillis(500));
	}

	/**
	 * @param rows rows per chunk
	 * @return a copy
	 */
	public RebalanceSettings withChunkRows(int rows) {
		return new RebalanceSettings(rows, this.freezeMaxPendingKeys, this.freezeMaxLag, this.markerTimeout,
				this.freezeAttempts, this.cleanupBatchRows, this.cleanupPause, this.freezeCopyMaxRows, this.idlePoll);
	}

	/**
	 * @param rows rows per cleanup delete
	 * @param pause pause between them
	 * @return a copy
	 */
	public RebalanceSettings withCleanup(int rows, Duration pause) {
		return new RebalanceSettings(this.chunkRows, this.freezeMaxPendingKeys, this.freezeMaxLag, this.markerTimeout,
				this.freezeAttempts, rows, pause, this.freezeCopyMaxRows, this.idlePoll);
	}

}
