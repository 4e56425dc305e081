package io.github.reliablemessaging.sample.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.replay.ReplayMessage;
import io.github.reliablemessaging.ops.replay.ReplayQuery;
import io.github.reliablemessaging.ops.replay.ReplaySource;
import io.github.reliablemessaging.sample.order.Order;
import io.github.reliablemessaging.sample.order.OrderEvent;
import io.github.reliablemessaging.sample.order.OrderNotFoundException;
import io.github.reliablemessaging.sample.order.OrderService;
import io.github.reliablemessaging.sharding.Row;
import io.github.reliablemessaging.sharding.RowQuery;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.SortOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Re-push (补推) of order events rebuilt from the orders themselves: {@code POST /actuator/reliable/replay} with
 * {@code "source": "order-events"} and a time range (orders changed in it) or order numbers ({@code ids}). Each
 * order's whole history is rebuilt from its status timestamps, oldest first, with the versions the outbox gave
 * them, keyed by order number; the idempotent fulfilment listener skips what it already applied.
 */
@Component
public class OrderEventsReplaySource implements ReplaySource {

	/** The source's name. */
	public static final String NAME = "order-events";

	private final ShardedStore store;

	private final OrderService orders;

	private final JsonMapper json;

	private final String topic;

	OrderEventsReplaySource(ShardedStore store, OrderService orders, JsonMapper json,
			@Value("${sample.topics.order-events.name}") String topic) {
		this.store = store;
		this.orders = orders;
		this.json = json;
		this.topic = topic;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Stream<ReplayMessage> messages(ReplayQuery query) {
		List<Order> found = new ArrayList<>();
		if (!query.ids().isEmpty()) {
			for (String id : query.ids()) {
				long orderNo;
				try {
					orderNo = Long.parseLong(id.trim());
				}
				catch (NumberFormatException ex) {
					throw OperationException.badRequest("order number '" + id + "' is not a number");
				}
				try {
					Order order = this.orders.get(orderNo);
					if (inRange(order, query)) {
						found.add(order);
					}
				}
				catch (OrderNotFoundException ex) {
					throw OperationException.badRequest(ex.getMessage());
				}
			}
		}
		else {
			if (query.from() == null) {
				throw OperationException.badRequest("give a time range (from, to) or order numbers (ids)");
			}
			RowQuery rows = RowQuery.from("orders").where("updated_at >= ? AND updated_at < ?", query.from().toEpochMilli(),
					(query.to() != null) ? query.to().toEpochMilli() : Long.MAX_VALUE)
				.orderBy("order_no", SortOrder.ASC);
			for (Row row : this.store.scatterGather().query(rows)) {
				found.add(toOrder(row));
			}
		}
		found.sort(Comparator.comparingLong(Order::orderNo));
		return found.stream().flatMap((order) -> order.history().stream()).map(this::message);
	}

	private static boolean inRange(Order order, ReplayQuery query) {
		long updated = order.updatedAt().toEpochMilli();
		return (query.from() == null || updated >= query.from().toEpochMilli())
				&& (query.to() == null || updated < query.to().toEpochMilli());
	}

	private ReplayMessage message(OrderEvent event) {
		return new ReplayMessage(this.topic, event.orderNo(), this.json.writeValueAsString(event));
	}

	private static Order toOrder(Row row) {
		return new Order(row.getLong("order_no"), row.getLong("user_id"), ((Number) row.get("slot")).intValue(),
				io.github.reliablemessaging.sample.order.OrderStatus.valueOf((String) row.get("status")),
				row.getBigDecimal("amount"), ((Number) row.get("version")).intValue(), instant(row, "created_at"),
				instant(row, "paid_at"), instant(row, "shipped_at"), instant(row, "completed_at"),
				instant(row, "cancelled_at"), instant(row, "updated_at"));
	}

	private static java.time.Instant instant(Row row, String column) {
		Long value = row.getLong(column);
		return (value != null) ? java.time.Instant.ofEpochMilli(value) : null;
	}

}
