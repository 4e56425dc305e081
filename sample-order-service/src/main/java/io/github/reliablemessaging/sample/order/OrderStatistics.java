package io.github.reliablemessaging.sample.order;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reliablemessaging.sharding.AggregateQuery;
import io.github.reliablemessaging.sharding.Row;
import io.github.reliablemessaging.sharding.ShardedStore;

import org.springframework.stereotype.Component;

/** Global order statistics: one scatter-gather aggregate over every set (rows of slots a set does not own skipped). */
@Component
public class OrderStatistics {

	private final ShardedStore store;

	OrderStatistics(ShardedStore store) {
		this.store = store;
	}

	/** @return counts and amounts per status, and their totals */
	public Statistics compute() {
		Map<String, StatusFigures> byStatus = new LinkedHashMap<>();
		for (OrderStatus status : OrderStatus.values()) {
			byStatus.put(status.name(), new StatusFigures(0, BigDecimal.ZERO.setScale(2)));
		}
		long orders = 0;
		BigDecimal amount = BigDecimal.ZERO.setScale(2);
		for (Row row : this.store.scatterGather()
			.aggregate(AggregateQuery.from("orders").groupBy("status").count("orders").sum("amount", "amount"))) {
			long count = row.getLong("orders");
			BigDecimal sum = (row.getBigDecimal("amount") != null) ? row.getBigDecimal("amount") : BigDecimal.ZERO;
			byStatus.put((String) row.get("status"), new StatusFigures(count, sum));
			orders += count;
			amount = amount.add(sum);
		}
		return new Statistics(orders, amount, byStatus);
	}

	/**
	 * @param orders number of orders
	 * @param amount sum of their amounts
	 * @param byStatus the same per status
	 */
	public record Statistics(long orders, BigDecimal amount, Map<String, StatusFigures> byStatus) {
	}

	/**
	 * @param orders number of orders in the status
	 * @param amount sum of their amounts
	 */
	public record StatusFigures(long orders, BigDecimal amount) {
	}

}
