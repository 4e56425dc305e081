package io.github.reliablemessaging.sample.order;

/** No order with this number. */
public class OrderNotFoundException extends RuntimeException {

	private final long orderNo;

	/** @param orderNo the unknown order number */
	public OrderNotFoundException(long orderNo) {
		super("order " + orderNo + " does not exist");
		this.orderNo = orderNo;
	}

	/** @return the unknown order number */
	public long getOrderNo() {
		return this.orderNo;
	}

}
