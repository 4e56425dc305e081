package io.github.reliablemessaging.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.sample.order.OrderStatus;
import io.github.reliablemessaging.sharding.ShardedStore;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads, straight from every set, the orders of a range of buyers and what the fulfilment listener applied for them:
 * each order's expected path (from its status timestamps) and its timeline in the order the entries were written.
 */
final class TimelineCheck {

	/** order number → statuses the order went through, oldest first */
	final Map<Long, List<String>> expected = new HashMap<>();

	/** order number → statuses in the fulfilment timeline, in the order they were applied */
	final Map<Long, List<String>> applied = new HashMap<>();

	/** timeline entries with the wrong version or recorded out of order */
	final List<String> problems = new ArrayList<>();

	private TimelineCheck() {
	}

	static TimelineCheck of(ShardedStore store, long fromUser, long toUser) {
		TimelineCheck check = new TimelineCheck();
		for (String set : store.setNames()) {
			JdbcTemplate jdbc = new JdbcTemplate(store.setDataSource(set));
			jdbc.query("SELECT order_no, paid_at, shipped_at, completed_at, cancelled_at FROM orders"
					+ " WHERE user_id >= ? AND user_id < ? AND " + SampleTestProperties.OWNED, (rs) -> {
						List<String> path = new ArrayList<>(List.of(OrderStatus.CREATED.name()));
						for (String column : List.of("paid_at", "shipped_at", "completed_at", "cancelled_at")) {
							rs.getLong(column);
							if (!rs.wasNull()) {
								path.add(column.substring(0, column.indexOf('_')).toUpperCase());
							}
						}
						check.expected.put(rs.getLong("order_no"), path);
					}, fromUser, toUser);
			jdbc.query("SELECT order_no, status, version, in_order FROM order_timeline WHERE user_id >= ? AND user_id < ?"
					+ " AND " + SampleTestProperties.OWNED + " ORDER BY id", (rs) -> {
						List<String> timeline = check.applied.computeIfAbsent(rs.getLong("order_no"), (k) -> new ArrayList<>());
						if (rs.getInt("version") != timeline.size() + 1 || rs.getInt("in_order") != 1) {
							check.problems.add(rs.getLong("order_no") + ": " + rs.getString("status") + " v"
									+ rs.getInt("version") + " after " + timeline);
						}
						timeline.add(rs.getString("status"));
					}, fromUser, toUser);
		}
		return check;
	}

	long events() {
		return this.expected.values().stream().mapToLong(List::size).sum();
	}

}
