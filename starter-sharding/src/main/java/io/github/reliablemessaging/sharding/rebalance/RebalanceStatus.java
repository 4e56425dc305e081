package io.github.reliablemessaging.sharding.rebalance;

import java.time.Instant;
import java.util.List;

/**
 * A rebalance and its moves.
 *
 * @param id id
 * @param status {@code RUNNING}, {@code PAUSED}, {@code ABORTING}, {@code DONE} or {@code ABORTED}
 * @param cutover when moves may freeze and flip
 * @param cutoverAt not before this instant (scheduled), or when the operator said go (manual); null otherwise
 * @param createdAt when it started
 * @param movesDone moves finished
 * @param movesAborted moves aborted
 * @param moves every move, in order
 */
public record RebalanceStatus(String id, String status, Cutover cutover, Instant cutoverAt, Instant createdAt,
		long movesDone, long movesAborted, List<SlotMoveStatus> moves) {
}
