package io.github.reliablemessaging.sharding.rebalance;

import java.util.List;
import java.util.Map;

/**
 * Moves that a rebalance would make (a dry run changes nothing).
 *
 * @param routingVersion the routing version the plan was made on
 * @param moves the moves, in the order they would run
 * @param slotsBefore slots per set now
 * @param slotsAfter slots per set after the moves
 * @param rowsBefore rows per set now (all sharded tables)
 * @param rowsAfter rows per set after the moves
 * @param notes anything the operator should know (freeze-copy moves, sets left out)
 */
public record RebalancePlan(long routingVersion, List<PlannedMove> moves, Map<String, Integer> slotsBefore,
		Map<String, Integer> slotsAfter, Map<String, Long> rowsBefore, Map<String, Long> rowsAfter, List<String> notes) {
}
