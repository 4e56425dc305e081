package io.github.reliablemessaging.sample.order;

/** A status change the order's life cycle does not allow (e.g. shipping an order that is not paid). */
public class IllegalTransitionException extends RuntimeException {

	/**
	 * @param orderNo the order
	 * @param from its status
	 * @param to the requested status
	 */
	public IllegalTransitionException(long orderNo, OrderStatus from, OrderStatus to) {
		super("order " + orderNo + " is " + from + " and cannot become " + to
				+ (from.isFinal() ? " (" + from + " is final)" : "; allowed next: " + from.next()));
	}

}
