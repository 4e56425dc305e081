package io.github.reliablemessaging.sharding.rebalance;

/** The persisted state of one slot move ({@code shard_move}), as the mover works on it. */
final class MoveRecord {

	long id;

	String rebalanceId;

	int slot;

	String source;

	String target;

	MoveMode mode;

	MoveStep step;

	String binlogFile;

	long binlogPosition;

	String copyTable;

	String copyCursor;

	long rowsTotal;

	long rowsCopied;

	long changesApplied;

	long chunksVerified;

	long chunksRepaired;

	String checksumState = "PENDING";

	long rowsDeleted;

	Long freezeMillis;

	Long flipVersion;

	String error;

	SlotMoveStatus status(long lagMillis, Long etaSeconds) {
		return new SlotMoveStatus(this.id, this.rebalanceId, this.slot, this.source, this.target, this.mode, this.step,
				this.step.number(), this.rowsTotal, this.rowsCopied, this.changesApplied, lagMillis, this.checksumState,
				this.chunksVerified, this.chunksRepaired, this.rowsDeleted, this.freezeMillis, this.flipVersion, etaSeconds,
				this.error);
	}

}
