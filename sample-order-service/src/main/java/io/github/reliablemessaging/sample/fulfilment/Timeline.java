package io.github.reliablemessaging.sample.fulfilment;

import java.util.List;

import io.github.reliablemessaging.sample.order.OrderEvent;
import io.github.reliablemessaging.sample.order.OrderStatus;
import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The fulfilment side's state machine: appends an applied event to the order's timeline and moves its projection.
 * An event that does not follow the projection (wrong version, or a transition the life cycle does not allow) is a
 * broken ordering guarantee: it is counted ({@code sample.fulfilment.out.of.order}), logged at ERROR, and recorded in
 * the timeline with {@code in_order = 0}; the projection does not move.
 */
@Component
public class Timeline {

	private static final Logger log = LoggerFactory.getLogger(Timeline.class);

	private final JdbcTemplate jdbc;

	private final SlotIdGenerator ids;

	private final Counter outOfOrder;

	private final Counter applied;

	Timeline(JdbcTemplate jdbc, SlotIdGenerator ids, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.ids = ids;
		this.outOfOrder = Counter.builder("sample.fulfilment.out.of.order")
			.description("Order events that did not follow the order's previous event").register(meters);
		this.applied = Counter.builder("sample.fulfilment.applied").description("Order events applied in order")
			.register(meters);
	}

	/**
	 * Runs inside the idempotent listener's transaction, on the order's set.
	 * @param event the event
	 */
	public void apply(OrderEvent event) {
		if (event.version() < 1 || event.status() == null || event.amount() == null) {
			// a malformed event: retrying will not fix it; an operator skips it (or it goes to the dead-letter topic)
			throw new IllegalArgumentException("malformed order event " + event);
		}
		long orderNo = event.orderNumber();
		int slot = ShardContext.currentSlot();
		// no SELECT ... FOR UPDATE: on a missing row it takes a gap lock, and concurrent CREATED inserts then deadlock.
		// The ordered consumer never runs two events of one order at once; the conditional writes below still refuse a
		// transition that does not follow what is stored.
		List<Object[]> current = this.jdbc.query("SELECT status, version FROM order_projection WHERE order_no = ?",
				(rs, i) -> new Object[] { OrderStatus.valueOf(rs.getString(1)), rs.getInt(2) }, orderNo);
		long now = System.currentTimeMillis();
		String seen;
		boolean inOrder;
		if (current.isEmpty()) {
			seen = "nothing";
			inOrder = event.status() == OrderStatus.CREATED && event.version() == 1 && insertProjection(event, slot, now);
		}
		else {
			OrderStatus status = (OrderStatus) current.get(0)[0];
			int version = (Integer) current.get(0)[1];
			seen = status + " v" + version;
			inOrder = event.version() == version + 1 && status.canMoveTo(event.status())
					&& this.jdbc.update("UPDATE order_projection SET status = ?, version = ?, updated_at = ?"
							+ " WHERE order_no = ? AND version = ?", event.status().name(), event.version(), now, orderNo,
							version) == 1;
		}
		this.jdbc.update("INSERT INTO order_timeline (id, slot, order_no, user_id, status, version, in_order, event_at,"
				+ " applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", this.ids.next(slot), slot, orderNo, event.userId(),
				event.status().name(), event.version(), inOrder ? 1 : 0, event.at(), now);
		if (inOrder) {
			this.applied.increment();
		}
		else {
			this.outOfOrder.increment();
			log.error("OUT-OF-ORDER order event: order {} is at {} on the fulfilment side and received {} v{}; recorded"
					+ " in its timeline with in_order=0, projection unchanged", orderNo, seen, event.status(),
					event.version());
		}
	}

	private boolean insertProjection(OrderEvent event, int slot, long now) {
		try {
			this.jdbc.update("INSERT INTO order_projection (order_no, slot, user_id, status, version, updated_at)"
					+ " VALUES (?, ?, ?, ?, ?, ?)", event.orderNumber(), slot, event.userId(), event.status().name(),
					event.version(), now);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false; // a CREATED for an order fulfilment already has
		}
	}

	/**
	 * @param orderNo an order (its slot must be bound)
	 * @return its timeline, in the order the events were applied
	 */
	public List<TimelineEntry> of(long orderNo) {
		return this.jdbc.query("SELECT status, version, in_order, event_at, applied_at FROM order_timeline"
				+ " WHERE order_no = ? ORDER BY id", (rs, i) -> new TimelineEntry(OrderStatus.valueOf(rs.getString(1)),
						rs.getInt(2), rs.getInt(3) == 1, java.time.Instant.ofEpochMilli(rs.getLong(4)),
						java.time.Instant.ofEpochMilli(rs.getLong(5))), orderNo);
	}

	/**
	 * One applied event.
	 *
	 * @param status status reached
	 * @param version order version
	 * @param inOrder whether it followed the previous event
	 * @param eventAt when the order changed
	 * @param appliedAt when fulfilment applied it
	 */
	public record TimelineEntry(OrderStatus status, int version, boolean inOrder, java.time.Instant eventAt,
			java.time.Instant appliedAt) {
	}

}
