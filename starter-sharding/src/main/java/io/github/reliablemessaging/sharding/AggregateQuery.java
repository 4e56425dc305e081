package io.github.reliablemessaging.sharding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An aggregate query over all sets: {@code SELECT group columns, COUNT/SUM/AVG/MIN/MAX FROM table WHERE predicate
 * GROUP BY group columns}, merged across sets. COUNT and SUM add up, MIN and MAX compare, AVG is rewritten as
 * {@code SUM(x)} and {@code COUNT(x)} on every set and divided after the merge (for DECIMAL and integer columns to
 * MySQL's scale: the column's scale + 4, rounded half up). HAVING is a predicate on merged rows, then ORDER BY (over
 * group columns and aliases; by group columns ascending when none is given), OFFSET and LIMIT apply to the merged
 * groups.
 *
 * <pre>{@code
 * List<Row> top = store.scatterGather().aggregate(AggregateQuery.from("orders")
 *         .groupBy("status")
 *         .count("orders").sum("amount", "total").avg("amount", "mean")
 *         .orderBy("total", SortOrder.DESC).limit(3));
 * }</pre>
 */
public final class AggregateQuery {

	/** Aggregate functions. */
	enum Function {
		COUNT, SUM, AVG, MIN, MAX
	}

	/** One aggregate: function, column (null for COUNT(*)) and alias. */
	record Aggregate(Function function, String column, String alias) {
	}

	final String table;

	final List<String> groupBy = new ArrayList<>();

	final List<Aggregate> aggregates = new ArrayList<>();

	final QueryPredicate where = new QueryPredicate();

	final List<RowQuery.OrderTerm> orderBy = new ArrayList<>();

	Predicate<Row> having;

	long limit = -1;

	long offset;

	private final Set<String> names = new LinkedHashSet<>();

	private AggregateQuery(String table) {
		this.table = Identifiers.check(table);
	}

	/**
	 * @param table a sharded table
	 * @return an aggregate query over it
	 */
	public static AggregateQuery from(String table) {
		return new AggregateQuery(table);
	}

	/**
	 * @param predicate SQL condition with {@code ?} placeholders
	 * @param params values of the placeholders
	 * @return this query
	 */
	public AggregateQuery where(String predicate, Object... params) {
		this.where.set(predicate, params);
		return this;
	}

	/**
	 * @param columns group columns (returned under their names)
	 * @return this query
	 */
	public AggregateQuery groupBy(String... columns) {
		for (String column : columns) {
			this.groupBy.add(name(Identifiers.check(column)));
		}
		return this;
	}

	/**
	 * @param alias name of {@code COUNT(*)} in the result
	 * @return this query
	 */
	public AggregateQuery count(String alias) {
		return add(Function.COUNT, null, alias);
	}

	/**
	 * @param column counted when not NULL
	 * @param alias name in the result
	 * @return this query
	 */
	public AggregateQuery count(String column, String alias) {
		return add(Function.COUNT, column, alias);
	}

	/**
	 * @param column summed
	 * @param alias name in the result
	 * @return this query
	 */
	public AggregateQuery sum(String column, String alias) {
		return add(Function.SUM, column, alias);
	}

	/**
	 * @param column averaged
	 * @param alias name in the result
	 * @return this query
	 */
	public AggregateQuery avg(String column, String alias) {
		return add(Function.AVG, column, alias);
	}

	/**
	 * @param column compared
	 * @param alias name in the result
	 * @return this query
	 */
	public AggregateQuery min(String column, String alias) {
		return add(Function.MIN, column, alias);
	}

	/**
	 * @param column compared
	 * @param alias name in the result
	 * @return this query
	 */
	public AggregateQuery max(String column, String alias) {
		return add(Function.MAX, column, alias);
	}

	/**
	 * @param condition kept merged groups (SQL HAVING, evaluated after the merge)
	 * @return this query
	 */
	public AggregateQuery having(Predicate<Row> condition) {
		this.having = Objects.requireNonNull(condition, "condition must not be null");
		return this;
	}

	/**
	 * @param name a group column or an alias, ascending
	 * @return this query
	 */
	public AggregateQuery orderBy(String name) {
		return orderBy(name, SortOrder.ASC);
	}

	/**
	 * @param name a group column or an alias
	 * @param order direction
	 * @return this query
	 */
	public AggregateQuery orderBy(String name, SortOrder order) {
		this.orderBy.add(new RowQuery.OrderTerm(Identifiers.check(name), Objects.requireNonNull(order, "order")));
		return this;
	}

	/**
	 * @param rows most groups to return
	 * @return this query
	 */
	public AggregateQuery limit(long rows) {
		if (rows < 0) {
			throw new IllegalArgumentException("limit must be >= 0, was " + rows);
		}
		this.limit = rows;
		return this;
	}

	/**
	 * @param rows groups to skip
	 * @return this query
	 */
	public AggregateQuery offset(long rows) {
		if (rows < 0) {
			throw new IllegalArgumentException("offset must be >= 0, was " + rows);
		}
		this.offset = rows;
		return this;
	}

	private AggregateQuery add(Function function, String column, String alias) {
		this.aggregates.add(new Aggregate(function, (column != null) ? Identifiers.check(column) : null,
				name(Identifiers.check(alias))));
		return this;
	}

	private String name(String name) {
		if (!this.names.add(name)) {
			throw new IllegalArgumentException("'" + name + "' is used twice in the result");
		}
		return name;
	}

}
