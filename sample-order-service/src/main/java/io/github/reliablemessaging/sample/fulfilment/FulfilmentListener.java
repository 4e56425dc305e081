package io.github.reliablemessaging.sample.fulfilment;

import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.sample.order.OrderEvent;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies order events to the fulfilment timeline. Ordered parallel consumption keyed by order number (one order's
 * events never run concurrently or out of order, other orders in parallel); idempotent on order number + status
 * (a status is reached at most once in this life cycle), with the idempotency row on the order's set, in the same
 * transaction as the timeline row: the order number carries the slot. The idempotency group is fixed to the listener's
 * own group, so that a backlog drain (which consumes {@code <topic>.drain} in group {@code fulfilment.drain}) shares the
 * keys already consumed and cannot apply an event a second time.
 */
@Component
public class FulfilmentListener {

	/** The listener id (switch {@code listener.fulfilment.paused}, {@code /actuator/reliable/listeners/fulfilment}). */
	public static final String ID = "fulfilment";

	private final Timeline timeline;

	FulfilmentListener(Timeline timeline) {
		this.timeline = timeline;
	}

	@KafkaListener(id = ID, topics = "${sample.topics.order-events.name}",
			containerFactory = "orderedKafkaListenerContainerFactory")
	@IdempotentListener(key = "#event.orderNo() + ':' + #event.status()", group = ID,
			shardKey = "T(io.github.reliablemessaging.sharding.idempotency.SlotRef).ofId(#event.orderNumber())")
	public void on(OrderEvent event) {
		this.timeline.apply(event);
	}

}
