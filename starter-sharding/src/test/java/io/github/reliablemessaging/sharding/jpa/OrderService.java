package io.github.reliablemessaging.sharding.jpa;

import java.math.BigDecimal;
import java.util.List;

import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.Sharded;
import io.github.reliablemessaging.sharding.SlotIdGenerator;

import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {

	private final OrderRepository orders;

	private final SlotIdGenerator ids;

	private final JdbcTemplate jdbc;

	private final OrderService self;

	OrderService(OrderRepository orders, SlotIdGenerator ids, JdbcTemplate jdbc, @Lazy OrderService self) {
		this.orders = orders;
		this.ids = ids;
		this.jdbc = jdbc;
		this.self = self;
	}

	@Sharded(key = "#userId")
	@Transactional
	public long place(long userId, BigDecimal amount) {
		int slot = ShardContext.current().orElseThrow().slot();
		OrderEntity order = new OrderEntity(this.ids.next(slot), slot, userId, amount);
		this.orders.save(order);
		return order.getId();
	}

	@Sharded(key = "#userId")
	@Transactional
	public void pay(long userId, long orderId) {
		this.orders.findById(orderId).orElseThrow().setStatus("PAID");
	}

	@Sharded(key = "#userId")
	@Transactional(readOnly = true)
	public List<OrderEntity> history(long userId) {
		return this.orders.findByUserIdOrderByIdAsc(userId);
	}

	@Sharded(key = "#userId")
	public long countWithJdbc(long userId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE user_id = ?", Long.class, userId);
	}

	/** Places an order for another user inside this user's transaction: refused, a transaction has one slot. */
	@Sharded(key = "#userId")
	@Transactional
	public void placeForTwo(long userId, long otherUserId) {
		place(userId, BigDecimal.ONE);
		this.self.place(otherUserId, BigDecimal.ONE);
	}

}
