package io.github.reliablemessaging.sharding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A row query over all sets: {@code SELECT columns FROM table WHERE predicate ORDER BY ... LIMIT ... OFFSET ...}.
 * Each set returns its first {@code offset + limit} rows in order; they are merge-sorted and the offset and limit
 * applied to the merged stream. Without a limit, at most {@link ShardingSettings#scatterMaxRows()} rows are
 * gathered, beyond that the query is refused (never truncated silently).
 *
 * <pre>{@code
 * List<Row> page = store.scatterGather().query(RowQuery.from("orders")
 *         .select("id", "user_id", "amount")
 *         .where("status = ?", "PAID")
 *         .orderBy("amount", SortOrder.DESC).orderBy("id")
 *         .offset(40).limit(20));
 * }</pre>
 *
 * Table and column names are identifiers (letters, digits, {@code _}), quoted by the store. The predicate is SQL
 * with {@code ?} parameters, sent as is to every set. Make the ORDER BY total (end it with a unique column) for a
 * stable page.
 */
public final class RowQuery {

	final String table;

	final List<String> columns = new ArrayList<>();

	final QueryPredicate where = new QueryPredicate();

	final List<OrderTerm> orderBy = new ArrayList<>();

	long limit = -1;

	long offset;

	private RowQuery(String table) {
		this.table = Identifiers.check(table);
	}

	/**
	 * @param table a sharded table
	 * @return a query of all its columns
	 */
	public static RowQuery from(String table) {
		return new RowQuery(table);
	}

	/**
	 * @param names columns to return (default all)
	 * @return this query
	 */
	public RowQuery select(String... names) {
		for (String name : names) {
			this.columns.add(Identifiers.check(name));
		}
		return this;
	}

	/**
	 * @param predicate SQL condition with {@code ?} placeholders
	 * @param params values of the placeholders
	 * @return this query
	 */
	public RowQuery where(String predicate, Object... params) {
		this.where.set(predicate, params);
		return this;
	}

	/**
	 * @param column a column, ascending
	 * @return this query
	 */
	public RowQuery orderBy(String column) {
		return orderBy(column, SortOrder.ASC);
	}

	/**
	 * @param column a column
	 * @param order direction
	 * @return this query
	 */
	public RowQuery orderBy(String column, SortOrder order) {
		this.orderBy.add(new OrderTerm(Identifiers.check(column), Objects.requireNonNull(order, "order must not be null")));
		return this;
	}

	/**
	 * @param rows most rows to return
	 * @return this query
	 */
	public RowQuery limit(long rows) {
		if (rows < 0) {
			throw new IllegalArgumentException("limit must be >= 0, was " + rows);
		}
		this.limit = rows;
		return this;
	}

	/**
	 * @param rows rows to skip (needs an ORDER BY)
	 * @return this query
	 */
	public RowQuery offset(long rows) {
		if (rows < 0) {
			throw new IllegalArgumentException("offset must be >= 0, was " + rows);
		}
		this.offset = rows;
		return this;
	}

	/** One ORDER BY term. */
	record OrderTerm(String column, SortOrder order) {
	}

}
