package io.github.reliablemessaging.sharding.rebalance;

/**
 * One move of a plan.
 *
 * @param slot the slot
 * @param from its current set
 * @param to the set it goes to
 * @param rows its rows (all sharded tables) on the source when planned
 * @param mode binlog catch-up, or freeze-copy when the source's binlog cannot be read
 * @param note why this mode, when it is not the default
 */
public record PlannedMove(int slot, String from, String to, long rows, MoveMode mode, String note) {
}
