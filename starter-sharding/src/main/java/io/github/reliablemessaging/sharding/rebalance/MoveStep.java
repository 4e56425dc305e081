package io.github.reliablemessaging.sharding.rebalance;

/**
 * Persisted step of a slot move. The numbered steps 1–7 are those of the design; a move is resumed at its step after
 * a crash (a step is redone from its start or from its persisted cursor, never skipped).
 */
public enum MoveStep {

	/** Planned, not started. */
	PLANNED(0),
	/** 1: record the source's binlog position and start capturing the slot's changes from there. */
	CAPTURE(1),
	/** 2: copy the slot's rows in primary-key chunks, applying captured changes between chunks. */
	COPY(2),
	/** 3: compare chunk checksums, repairing chunks that differ. */
	VERIFY(3),
	/** 4: wait for the cutover moment and a small lag, freeze the slot on the source, catch up to the marker, final checksum. */
	FREEZE(4),
	/** 5: target OWNED, routing version + 1 (the commit point, in the metadata database). */
	FLIP(5),
	/** 6: source MOVED: waiting writers go to the target. */
	UNFREEZE(6),
	/** 7: delete the slot's rows from the source in small throttled batches. */
	CLEANUP(7),
	/** Finished. */
	DONE(8),
	/** Being aborted: the source is left (or made) the owner again, the partial copy is removed. */
	ABORTING(-1),
	/** Aborted before the flip: source unchanged, target clean. */
	ABORTED(-2);

	private final int number;

	MoveStep(int number) {
		this.number = number;
	}

	/** @return 1–7 for the design's steps, 0 before, 8 done, negative for abort states */
	public int number() {
		return this.number;
	}

	/** @return whether the move is over (done or aborted) */
	public boolean terminal() {
		return this == DONE || this == ABORTED;
	}

	/** @return whether the routing still names the source: the move can still be aborted */
	public boolean beforeFlip() {
		return this.number >= 0 && this.number <= 5;
	}

}
