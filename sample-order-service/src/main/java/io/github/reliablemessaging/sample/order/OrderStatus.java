package io.github.reliablemessaging.sample.order;

import java.util.EnumSet;
import java.util.Set;

/** Life cycle of an order: CREATED → PAID → SHIPPED → COMPLETED, and CANCELLED before shipping. */
public enum OrderStatus {

	CREATED, PAID, SHIPPED, COMPLETED, CANCELLED;

	/** @return the statuses this one may move to */
	public Set<OrderStatus> next() {
		return switch (this) {
			case CREATED -> EnumSet.of(PAID, CANCELLED);
			case PAID -> EnumSet.of(SHIPPED, CANCELLED);
			case SHIPPED -> EnumSet.of(COMPLETED);
			case COMPLETED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	/**
	 * @param target a status
	 * @return whether an order in this status may move to it
	 */
	public boolean canMoveTo(OrderStatus target) {
		return next().contains(target);
	}

	/** @return whether no transition leaves this status */
	public boolean isFinal() {
		return next().isEmpty();
	}

}
