package io.github.reliablemessaging.sample.order;

import java.math.BigDecimal;

/**
 * An order's status change, published on the order events topic keyed by {@link #orderNo()} (JSON).
 *
 * @param orderNo order number (also the record key)
 * @param userId the buyer
 * @param status the status reached
 * @param version the order's version after the change (1 = CREATED)
 * @param amount amount of the order
 * @param at time of the change, epoch milliseconds
 */
public record OrderEvent(String orderNo, long userId, OrderStatus status, int version, BigDecimal amount, long at) {

	/** @return the order number as a number (it carries the slot) */
	public long orderNumber() {
		try {
			return Long.parseLong(this.orderNo);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("order number '" + this.orderNo + "' is not a number", ex);
		}
	}

}
