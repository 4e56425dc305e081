package io.github.reliablemessaging.sharding.rebalance;

/**
 * Progress of one slot move, as the {@code sharding} operation area shows it.
 *
 * @param id move id
 * @param rebalance the rebalance it belongs to
 * @param slot the slot
 * @param source the set it leaves
 * @param target the set it goes to
 * @param mode binlog catch-up or freeze-copy
 * @param step the persisted step
 * @param stepNumber 1–7 for the design's steps (0 planned, 8 done, negative: aborting / aborted)
 * @param rowsTotal rows of the slot on the source when the move started
 * @param rowsCopied rows copied by the chunked copy
 * @param changesApplied captured changes applied (re-read by primary key)
 * @param lagMillis age of the oldest captured change not yet applied, at the last catch-up
 * @param checksumState {@code PENDING}, {@code CHUNKS_OK}, {@code FINAL_OK} or {@code MISMATCH}
 * @param chunksVerified chunks whose checksums matched
 * @param chunksRepaired chunks copied again because their checksums differed
 * @param rowsDeleted rows deleted from the source by the cleanup
 * @param freezeMillis how long writers of the slot were held (freeze to unfreeze), once known
 * @param flipVersion the routing version of the flip
 * @param etaSeconds estimated seconds until the copy is done, while copying
 * @param error the last error, if any
 */
public record SlotMoveStatus(long id, String rebalance, int slot, String source, String target, MoveMode mode,
		MoveStep step, int stepNumber, long rowsTotal, long rowsCopied, long changesApplied, long lagMillis,
		String checksumState, long chunksVerified, long chunksRepaired, long rowsDeleted, Long freezeMillis,
		Long flipVersion, Long etaSeconds, String error) {
}
