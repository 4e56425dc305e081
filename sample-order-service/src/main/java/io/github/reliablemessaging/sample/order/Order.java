package io.github.reliablemessaging.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order as stored on its set.
 *
 * @param orderNo order number (a {@code SlotIdGenerator} id: carries the slot of the buyer)
 * @param userId the buyer, the shard key
 * @param slot slot of the buyer
 * @param status current status
 * @param amount amount
 * @param version 1 when created, +1 per transition
 * @param createdAt creation time
 * @param paidAt payment time, or null
 * @param shippedAt shipping time, or null
 * @param completedAt completion time, or null
 * @param cancelledAt cancellation time, or null
 * @param updatedAt last change
 */
public record Order(long orderNo, long userId, int slot, OrderStatus status, BigDecimal amount, int version,
		Instant createdAt, Instant paidAt, Instant shippedAt, Instant completedAt, Instant cancelledAt, Instant updatedAt) {

	/**
	 * @param target the new status
	 * @param at when
	 * @return this order after the transition (version + 1, the status's time set)
	 */
	Order moveTo(OrderStatus target, Instant at) {
		return new Order(this.orderNo, this.userId, this.slot, target, this.amount, this.version + 1, this.createdAt,
				(target == OrderStatus.PAID) ? at : this.paidAt, (target == OrderStatus.SHIPPED) ? at : this.shippedAt,
				(target == OrderStatus.COMPLETED) ? at : this.completedAt,
				(target == OrderStatus.CANCELLED) ? at : this.cancelledAt, at);
	}

	/** @return the events of this order's history, oldest first, as the outbox published them */
	public List<OrderEvent> history() {
		List<OrderEvent> events = new ArrayList<>();
		add(events, OrderStatus.CREATED, this.createdAt);
		add(events, OrderStatus.PAID, this.paidAt);
		add(events, OrderStatus.SHIPPED, this.shippedAt);
		add(events, OrderStatus.COMPLETED, this.completedAt);
		add(events, OrderStatus.CANCELLED, this.cancelledAt);
		return events;
	}

	private void add(List<OrderEvent> events, OrderStatus status, Instant at) {
		if (at != null) {
			events.add(new OrderEvent(Long.toString(this.orderNo), this.userId, status, events.size() + 1, this.amount,
					at.toEpochMilli()));
		}
	}

}
