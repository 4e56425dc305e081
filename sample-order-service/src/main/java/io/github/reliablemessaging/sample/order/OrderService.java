package io.github.reliablemessaging.sample.order;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.Sharded;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders on the sharded store, sharded by buyer. Every change writes the order and its event (the outbox row) in one
 * transaction on the buyer's set; {@link io.github.reliablemessaging.sample.outbox.OutboxRelay} publishes the event.
 * Order numbers are {@link SlotIdGenerator} ids, so an order is found from its number alone.
 */
@Service
public class OrderService {

	static final String COLUMNS = "order_no, user_id, slot, status, amount, version, created_at, paid_at, shipped_at,"
			+ " completed_at, cancelled_at, updated_at";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final TransactionTemplate readOnly;

	private final SlotIdGenerator ids;

	private final SlotWork slots;

	private final JsonMapper json;

	OrderService(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SlotIdGenerator ids, SlotWork slots,
			JsonMapper json) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.ids = ids;
		this.slots = slots;
		this.json = json;
	}

	/**
	 * Creates an order on the buyer's set and its CREATED event in the same transaction.
	 * @param userId the buyer (shard key)
	 * @param amount the amount
	 * @param duplicateEvent also write a second copy of the event (load generator: duplicate deliveries)
	 * @return the order
	 */
	@Sharded(key = "#userId")
	@Transactional
	public Order create(long userId, BigDecimal amount, boolean duplicateEvent) {
		Objects.requireNonNull(amount, "amount must not be null");
		int slot = ShardContext.currentSlot();
		long now = System.currentTimeMillis();
		long orderNo = this.ids.next(slot);
		this.jdbc.update("INSERT INTO orders (order_no, slot, user_id, status, amount, version, created_at, updated_at)"
				+ " VALUES (?, ?, ?, ?, ?, 1, ?, ?)", orderNo, slot, userId, OrderStatus.CREATED.name(), amount, now, now);
		Order order = new Order(orderNo, userId, slot, OrderStatus.CREATED, amount, 1, Instant.ofEpochMilli(now), null,
				null, null, null, Instant.ofEpochMilli(now));
		writeEvent(order, duplicateEvent);
		return order;
	}

	/**
	 * Moves an order to a status and writes the event, in one transaction on the order's set.
	 * @param orderNo the order
	 * @param target the new status
	 * @param duplicateEvent also write a second copy of the event
	 * @return the changed order
	 * @throws OrderNotFoundException no such order
	 * @throws IllegalTransitionException the life cycle does not allow it
	 */
	public Order transition(long orderNo, OrderStatus target, boolean duplicateEvent) {
		Objects.requireNonNull(target, "target must not be null");
		return this.slots.inSlotOf(orderNo, () -> this.transaction.execute((status) -> {
			List<Order> found = this.jdbc.query("SELECT " + COLUMNS + " FROM orders WHERE order_no = ? FOR UPDATE",
					OrderService::map, orderNo);
			if (found.isEmpty()) {
				throw new OrderNotFoundException(orderNo);
			}
			Order current = found.get(0);
			if (!current.status().canMoveTo(target)) {
				throw new IllegalTransitionException(orderNo, current.status(), target);
			}
			long now = System.currentTimeMillis();
			String column = target.name().toLowerCase() + "_at";
			this.jdbc.update("UPDATE orders SET status = ?, version = version + 1, " + column + " = ?, updated_at = ?"
					+ " WHERE order_no = ?", target.name(), now, now, orderNo);
			Order changed = current.moveTo(target, java.time.Instant.ofEpochMilli(now));
			writeEvent(changed, duplicateEvent);
			return changed;
		}));
	}

	/**
	 * @param orderNo an order number
	 * @return the order
	 * @throws OrderNotFoundException no such order
	 */
	public Order get(long orderNo) {
		List<Order> found = this.slots.inSlotOf(orderNo, () -> this.readOnly.execute((status) -> this.jdbc
			.query("SELECT " + COLUMNS + " FROM orders WHERE order_no = ?", OrderService::map, orderNo)));
		if (found == null || found.isEmpty()) {
			throw new OrderNotFoundException(orderNo);
		}
		return found.get(0);
	}

	/**
	 * @param userId the buyer
	 * @param limit most orders to return
	 * @return the buyer's newest orders first (one set: the buyer's)
	 */
	@Sharded(key = "#userId")
	@Transactional(readOnly = true)
	public List<Order> ofUser(long userId, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM orders WHERE user_id = ? ORDER BY order_no DESC LIMIT ?",
				OrderService::map, userId, limit);
	}

	private void writeEvent(Order order, boolean duplicate) {
		OrderEvent event = new OrderEvent(Long.toString(order.orderNo()), order.userId(), order.status(), order.version(),
				order.amount(), order.updatedAt().toEpochMilli());
		String payload = this.json.writeValueAsString(event);
		int copies = duplicate ? 2 : 1;
		for (int i = 0; i < copies; i++) {
			// generated after the order row is locked: the outbox ids of one order grow in commit order
			this.jdbc.update("INSERT INTO order_outbox (id, slot, order_no, payload, created_at) VALUES (?, ?, ?, ?, ?)",
					this.ids.next(order.slot()), order.slot(), order.orderNo(), payload, System.currentTimeMillis());
		}
	}

	static Order map(ResultSet rs, int row) throws SQLException {
		return new Order(rs.getLong("order_no"), rs.getLong("user_id"), rs.getInt("slot"),
				OrderStatus.valueOf(rs.getString("status")), rs.getBigDecimal("amount"), rs.getInt("version"),
				instant(rs, "created_at"), instant(rs, "paid_at"), instant(rs, "shipped_at"), instant(rs, "completed_at"),
				instant(rs, "cancelled_at"), instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(value);
	}

}
