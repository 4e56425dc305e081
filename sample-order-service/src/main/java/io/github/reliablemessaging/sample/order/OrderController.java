package io.github.reliablemessaging.sample.order;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import io.github.reliablemessaging.sample.fulfilment.Timeline;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The order API. Errors are RFC 9457 problem details ({@link ApiErrors}). */
@RestController
public class OrderController {

	private final OrderService orders;

	private final OrderStatistics statistics;

	private final Timeline timeline;

	private final SlotWork slots;

	OrderController(OrderService orders, OrderStatistics statistics, Timeline timeline, SlotWork slots) {
		this.orders = orders;
		this.statistics = statistics;
		this.timeline = timeline;
		this.slots = slots;
	}

	/**
	 * @param request buyer and amount
	 * @return 201 with the order
	 */
	@PostMapping("/orders")
	public ResponseEntity<OrderView> create(@Valid @RequestBody CreateOrder request) {
		Order order = this.orders.create(request.userId(), request.amount(), false);
		return ResponseEntity.created(URI.create("/orders/" + order.orderNo())).body(OrderView.of(order));
	}

	@PostMapping("/orders/{orderNo}/pay")
	public OrderView pay(@PathVariable long orderNo) {
		return OrderView.of(this.orders.transition(orderNo, OrderStatus.PAID, false));
	}

	@PostMapping("/orders/{orderNo}/ship")
	public OrderView ship(@PathVariable long orderNo) {
		return OrderView.of(this.orders.transition(orderNo, OrderStatus.SHIPPED, false));
	}

	@PostMapping("/orders/{orderNo}/complete")
	public OrderView complete(@PathVariable long orderNo) {
		return OrderView.of(this.orders.transition(orderNo, OrderStatus.COMPLETED, false));
	}

	@PostMapping("/orders/{orderNo}/cancel")
	public OrderView cancel(@PathVariable long orderNo) {
		return OrderView.of(this.orders.transition(orderNo, OrderStatus.CANCELLED, false));
	}

	@GetMapping("/orders/{orderNo}")
	public OrderView get(@PathVariable long orderNo) {
		return OrderView.of(this.orders.get(orderNo));
	}

	/**
	 * @param orderNo an order
	 * @return what the fulfilment listener applied for it, in order
	 */
	@GetMapping("/orders/{orderNo}/timeline")
	public List<Timeline.TimelineEntry> timeline(@PathVariable long orderNo) {
		this.orders.get(orderNo); // 404 for an unknown order
		return this.slots.inSlotOf(orderNo, () -> this.timeline.of(orderNo));
	}

	@GetMapping("/users/{userId}/orders")
	public List<OrderView> ofUser(@PathVariable @Positive long userId,
			@RequestParam(defaultValue = "20") @Min(1) @Max(500) int limit) {
		return this.orders.ofUser(userId, limit).stream().map(OrderView::of).toList();
	}

	@GetMapping("/orders/statistics")
	public OrderStatistics.Statistics statistics() {
		return this.statistics.compute();
	}

	/**
	 * A new order.
	 *
	 * @param userId the buyer, a positive number
	 * @param amount 0.01 to 1 000 000.00, two decimals at most
	 */
	public record CreateOrder(@NotNull @Positive Long userId,
			@NotNull @DecimalMin("0.01") @DecimalMax("1000000.00") @Digits(integer = 7, fraction = 2) BigDecimal amount) {
	}

	/**
	 * An order as the API shows it; the order number is a string (it does not fit a JavaScript number).
	 */
	public record OrderView(String orderNo, long userId, int slot, OrderStatus status, BigDecimal amount, int version,
			java.time.Instant createdAt, java.time.Instant updatedAt) {

		static OrderView of(Order order) {
			return new OrderView(Long.toString(order.orderNo()), order.userId(), order.slot(), order.status(),
					order.amount(), order.version(), order.createdAt(), order.updatedAt());
		}

	}

}
