package io.github.reliablemessaging.sharding;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.sharding.ShardingStatistics.QueryKind;
import io.github.reliablemessaging.sharding.internal.JdbcParams;
import io.github.reliablemessaging.sharding.internal.Values;

/**
 * Queries without a shard key: run on every set in parallel (a bounded pool of named threads), merged. Each set's
 * part runs in one consistent, read-only snapshot that first reads which slots the set claims (ownership OWNED or
 * FROZEN) and then filters its rows to those slots, so rows of moved slots are never counted; the claims of all sets
 * must cover every slot exactly once, otherwise (a move is flipping) the query is run again, and fails if that
 * persists. A set that fails or times out fails the query, naming the set.
 *
 * <p>Supported shapes: {@link RowQuery} (columns, predicate, ORDER BY, LIMIT, OFFSET) and {@link AggregateQuery}
 * (COUNT, SUM, AVG, MIN, MAX, GROUP BY, HAVING after the merge, ORDER BY, LIMIT, OFFSET). No joins between sharded
 * tables of different keys, no DISTINCT, no expressions in the select list.
 */
public final class ScatterGather implements AutoCloseable {

	private static final int COVERAGE_ATTEMPTS = 5;

	private final ShardedStore store;

	private final ThreadPoolExecutor executor;

	ScatterGather(ShardedStore store) {
		this.store = store;
		int threads = store.settings().scatterThreads();
		AtomicInteger counter = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
				(r) -> {
					Thread thread = new Thread(r, "reliable-sharding-scatter-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * @param query a row query
	 * @return the merged rows
	 * @throws ScatterGatherException when a set fails or the slots are not covered
	 */
	public List<Row> query(RowQuery query) {
		requireSharded(query.table);
		long start = System.nanoTime();
		long maxRows = this.store.settings().scatterMaxRows();
		long wanted = (query.limit >= 0) ? query.offset + query.limit : maxRows + 1;
		if (query.limit >= 0 && wanted > maxRows) {
			throw new IllegalArgumentException("offset + limit = " + wanted + " exceeds the scatter-gather maximum of "
					+ maxRows + " rows (reliable.sharding.scatter.max-rows)");
		}
		if (query.offset > 0 && query.orderBy.isEmpty()) {
			throw new IllegalArgumentException("OFFSET needs an ORDER BY: without one the rows of the sets have no order");
		}
		List<String> keys = new ArrayList<>();
		StringBuilder select = new StringBuilder();
		if (query.columns.isEmpty()) {
			select.append('*');
			query.orderBy.forEach((term) -> keys.add(term.column()));
		}
		else {
			StringJoiner columns = new StringJoiner(", ");
			query.columns.forEach((c) -> columns.add(Identifiers.quote(c)));
			for (int i = 0; i < query.orderBy.size(); i++) {
				String column = query.orderBy.get(i).column();
				if (query.columns.contains(column)) {
					keys.add(column);
				}
				else {
					keys.add("__order_" + i);
					columns.add(Identifiers.quote(column) + " AS `__order_" + i + "`");
				}
			}
			select.append(columns);
		}
		StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
		order.setEmptyValue("");
		query.orderBy.forEach((t) -> order.add(Identifiers.quote(t.column()) + " " + t.order().name()));
		Comparator<Row> comparator = rowOrder(query.orderBy, keys);
		Map<String, List<Row>> parts = fanOut((c, claimed, timeout) -> {
			String sql = "SELECT " + select + " FROM " + Identifiers.quote(query.table) + where(query.where, claimed) + order
					+ " LIMIT " + wanted;
			try (PreparedStatement ps = c.prepareStatement(sql)) {
				ps.setQueryTimeout(timeout);
				JdbcParams.bind(ps, 1, query.where.params);
				try (ResultSet rs = ps.executeQuery()) {
					return rows(rs);
				}
			}
		});
		for (Map.Entry<String, List<Row>> part : parts.entrySet()) {
			List<Row> rows = part.getValue();
			for (int i = 1; i < rows.size(); i++) {
				if (comparator.compare(rows.get(i - 1), rows.get(i)) > 0) {
					throw new ScatterGatherException("Set '" + part.getKey() + "' returned rows in an order the merge cannot"
							+ " reproduce (ORDER BY " + query.orderBy + " on a column with a non-binary collation?): "
							+ rows.get(i - 1) + " before " + rows.get(i), Map.of(), null);
				}
			}
		}
		List<Row> merged = merge(parts.values(), comparator, wanted);
		if (query.limit < 0 && merged.size() > maxRows) {
			throw new ScatterGatherException("The query gathers more than " + maxRows + " rows; add a LIMIT or narrow the"
					+ " predicate (reliable.sharding.scatter.max-rows)", Map.of(), null);
		}
		List<Row> page = new ArrayList<>();
		for (long i = query.offset; i < merged.size() && (query.limit < 0 || page.size() < query.limit); i++) {
			page.add(strip(merged.get((int) i), query));
		}
		this.store.statistics().fanOut(System.nanoTime() - start);
		return page;
	}

	/**
	 * @param query an aggregate query
	 * @return the merged groups (one row without GROUP BY)
	 * @throws ScatterGatherException when a set fails or the slots are not covered
	 */
	public List<Row> aggregate(AggregateQuery query) {
		requireSharded(query.table);
		if (query.aggregates.isEmpty()) {
			throw new IllegalArgumentException("An aggregate query needs at least one of count/sum/avg/min/max");
		}
		long start = System.nanoTime();
		StringJoiner select = new StringJoiner(", ");
		query.groupBy.forEach((g) -> select.add(Identifiers.quote(g)));
		for (int i = 0; i < query.aggregates.size(); i++) {
			AggregateQuery.Aggregate a = query.aggregates.get(i);
			String column = (a.column() != null) ? Identifiers.quote(a.column()) : "*";
			switch (a.function()) {
				case AVG -> select.add("SUM(" + column + ")").add("COUNT(" + column + ")");
				default -> select.add(a.function().name() + "(" + column + ")");
			}
		}
		StringJoiner group = new StringJoiner(", ", " GROUP BY ", "");
		group.setEmptyValue("");
		query.groupBy.forEach((g) -> group.add(Identifiers.quote(g)));
		int width = query.groupBy.size();
		Map<String, List<Object[]>> parts = fanOut((c, claimed, timeout) -> {
			String sql = "SELECT " + select + " FROM " + Identifiers.quote(query.table) + where(query.where, claimed) + group;
			try (PreparedStatement ps = c.prepareStatement(sql)) {
				ps.setQueryTimeout(timeout);
				JdbcParams.bind(ps, 1, query.where.params);
				try (ResultSet rs = ps.executeQuery()) {
					List<Object[]> out = new ArrayList<>();
					int columns = rs.getMetaData().getColumnCount();
					while (rs.next()) {
						Object[] row = new Object[columns];
						for (int i = 0; i < columns; i++) {
							row[i] = rs.getObject(i + 1);
						}
						out.add(row);
					}
					return out;
				}
			}
		});
		Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
		for (List<Object[]> part : parts.values()) {
			for (Object[] row : part) {
				List<Object> key = new ArrayList<>(width);
				for (int i = 0; i < width; i++) {
					key.add((row[i] instanceof byte[] bytes) ? ByteBuffer.wrap(bytes) : row[i]);
				}
				Object[] acc = groups.computeIfAbsent(key, (k) -> new Object[row.length - width]);
				mergeInto(acc, row, width, query.aggregates);
			}
		}
		if (groups.isEmpty() && width == 0) {
			groups.put(List.of(), new Object[partialWidth(query.aggregates)]);
		}
		List<Row> rows = new ArrayList<>();
		groups.forEach((key, acc) -> rows.add(finish(key, acc, query)));
		List<Row> kept = (query.having != null) ? rows.stream().filter(query.having).toList() : rows;
		List<RowQuery.OrderTerm> order = query.orderBy;
		if (order.isEmpty()) {
			order = query.groupBy.stream().map((g) -> new RowQuery.OrderTerm(g, SortOrder.ASC)).toList();
		}
		List<Row> sorted = new ArrayList<>(kept);
		sorted.sort(rowOrder(order, order.stream().map(RowQuery.OrderTerm::column).toList()));
		List<Row> page = new ArrayList<>();
		for (long i = query.offset; i < sorted.size() && (query.limit < 0 || page.size() < query.limit); i++) {
			page.add(sorted.get((int) i));
		}
		this.store.statistics().fanOut(System.nanoTime() - start);
		return page;
	}

	// a broadcast table has every row on every set: gathering it would multiply the answer by the number of sets
	private void requireSharded(String table) {
		if (!this.store.shardedTables().contains(table.toLowerCase(java.util.Locale.ROOT))) {
			throw new IllegalArgumentException("'" + table + "' is not a sharded table of this store "
					+ this.store.shardedTables() + (this.store.broadcastTables().contains(table.toLowerCase(java.util.Locale.ROOT))
							? "; it is a broadcast table: read it from any set (routing DataSource, no key bound)" : ""));
		}
	}

	private static int partialWidth(List<AggregateQuery.Aggregate> aggregates) {
		return aggregates.stream().mapToInt((a) -> (a.function() == AggregateQuery.Function.AVG) ? 2 : 1).sum();
	}

	private static void mergeInto(Object[] acc, Object[] row, int width, List<AggregateQuery.Aggregate> aggregates) {
		int p = 0;
		for (AggregateQuery.Aggregate a : aggregates) {
			switch (a.function()) {
				case COUNT, SUM -> acc[p] = Values.add(acc[p], row[width + p]);
				case MIN -> acc[p] = (acc[p] == null || (row[width + p] != null
						&& Values.compare(row[width + p], acc[p]) < 0)) ? row[width + p] : acc[p];
				case MAX -> acc[p] = (acc[p] == null || (row[width + p] != null
						&& Values.compare(row[width + p], acc[p]) > 0)) ? row[width + p] : acc[p];
				case AVG -> {
					acc[p] = Values.add(acc[p], row[width + p]);
					acc[p + 1] = Values.add(acc[p + 1], row[width + p + 1]);
					p++;
				}
			}
			p++;
		}
	}

	private static Row finish(List<Object> key, Object[] acc, AggregateQuery query) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < key.size(); i++) {
			Object value = key.get(i);
			values.put(query.groupBy.get(i), (value instanceof ByteBuffer buffer) ? buffer.array() : value);
		}
		int p = 0;
		for (AggregateQuery.Aggregate a : query.aggregates) {
			switch (a.function()) {
				case COUNT -> values.put(a.alias(), (acc[p] != null) ? ((Number) acc[p]).longValue() : 0L);
				case AVG -> {
					values.put(a.alias(), Values.average(acc[p], (acc[p + 1] != null) ? ((Number) acc[p + 1]).longValue() : 0));
					p++;
				}
				default -> values.put(a.alias(), acc[p]);
			}
			p++;
		}
		return new Row(values);
	}

	private static Comparator<Row> rowOrder(List<RowQuery.OrderTerm> terms, List<String> keys) {
		Comparator<Row> comparator = (a, b) -> 0;
		for (int i = 0; i < terms.size(); i++) {
			String key = keys.get(i);
			Comparator<Row> term = (a, b) -> Values.compare(a.asMap().get(key), b.asMap().get(key));
			comparator = comparator.thenComparing((terms.get(i).order() == SortOrder.DESC) ? term.reversed() : term);
		}
		return comparator;
	}

	private static List<Row> merge(Iterable<List<Row>> parts, Comparator<Row> comparator, long wanted) {
		record Cursor(List<Row> rows, int index) {
		}
		PriorityQueue<Cursor> heads = new PriorityQueue<>(
				(x, y) -> comparator.compare(x.rows().get(x.index()), y.rows().get(y.index())));
		for (List<Row> part : parts) {
			if (!part.isEmpty()) {
				heads.add(new Cursor(part, 0));
			}
		}
		List<Row> merged = new ArrayList<>();
		while (!heads.isEmpty() && merged.size() < wanted) {
			Cursor head = heads.poll();
			merged.add(head.rows().get(head.index()));
			if (head.index() + 1 < head.rows().size()) {
				heads.add(new Cursor(head.rows(), head.index() + 1));
			}
		}
		return merged;
	}

	private static Row strip(Row row, RowQuery query) {
		if (query.columns.isEmpty() || row.asMap().keySet().stream().noneMatch((k) -> k.startsWith("__order_"))) {
			return row;
		}
		Map<String, Object> values = new LinkedHashMap<>(row.asMap());
		values.keySet().removeIf((k) -> k.startsWith("__order_"));
		return new Row(values);
	}

	private static List<Row> rows(ResultSet rs) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		int columns = meta.getColumnCount();
		List<Row> rows = new ArrayList<>();
		while (rs.next()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 1; i <= columns; i++) {
				values.put(meta.getColumnLabel(i), rs.getObject(i));
			}
			rows.add(new Row(values));
		}
		return rows;
	}

	private String where(QueryPredicate predicate, List<Integer> claimed) {
		StringJoiner slots = new StringJoiner(",", Identifiers.quote(this.store.settings().slotColumn()) + " IN (", ")");
		claimed.forEach((s) -> slots.add(Integer.toString(s)));
		return " WHERE " + ((predicate.sql != null) ? "(" + predicate.sql + ") AND " : "") + slots;
	}

	/** One set's part of a query, given the slots the set claims. */
	@FunctionalInterface
	private interface SetPart<T> {

		T run(Connection connection, List<Integer> claimed, int timeoutSeconds) throws SQLException;

	}

	private record PartResult<T>(List<Integer> claimed, T value) {
	}

	private <T> Map<String, T> fanOut(SetPart<T> part) {
		String problem = null;
		for (int attempt = 1; attempt <= COVERAGE_ATTEMPTS; attempt++) {
			RoutingTable routing = (attempt == 1) ? this.store.routing() : this.store.refreshRouting();
			Map<String, PartResult<T>> results = runOnSets(routing.sets(), part);
			problem = coverageProblem(results, routing.slotCount());
			if (problem == null) {
				Map<String, T> values = new LinkedHashMap<>();
				results.forEach((set, result) -> {
					if (result.value() != null) {
						values.put(set, result.value());
					}
				});
				return values;
			}
			try {
				TimeUnit.NANOSECONDS.sleep(this.store.settings().freezeRetryInterval().toNanos() * attempt);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ScatterGatherException("Interrupted", Map.of(), ex);
			}
		}
		throw new ScatterGatherException("The sets' ownership rows do not cover every slot exactly once (" + problem
				+ "); a slot move may be stuck half-way", Map.of(), null);
	}

	private static <T> String coverageProblem(Map<String, PartResult<T>> results, int slots) {
		String[] owner = new String[slots];
		for (Map.Entry<String, PartResult<T>> result : results.entrySet()) {
			for (int slot : result.getValue().claimed()) {
				if (slot < 0 || slot >= slots) {
					return "set '" + result.getKey() + "' claims slot " + slot + " outside 0.." + (slots - 1);
				}
				if (owner[slot] != null) {
					return "slot " + slot + " claimed by both '" + owner[slot] + "' and '" + result.getKey() + "'";
				}
				owner[slot] = result.getKey();
			}
		}
		for (int slot = 0; slot < slots; slot++) {
			if (owner[slot] == null) {
				return "slot " + slot + " claimed by none of " + results.keySet();
			}
		}
		return null;
	}

	private <T> Map<String, PartResult<T>> runOnSets(List<String> sets, SetPart<T> part) {
		long timeoutNanos = this.store.settings().scatterTimeout().toNanos();
		int timeoutSeconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
		Map<String, Future<PartResult<T>>> futures = new LinkedHashMap<>();
		Map<String, String> failures = new LinkedHashMap<>();
		Throwable firstCause = null;
		for (String set : sets) {
			try {
				futures.put(set, this.executor.submit(() -> runOnSet(set, part, timeoutSeconds)));
			}
			catch (RejectedExecutionException ex) {
				failures.put(set, "too many scatter-gather queries queued");
			}
		}
		long deadline = System.nanoTime() + timeoutNanos;
		Map<String, PartResult<T>> results = new LinkedHashMap<>();
		for (Map.Entry<String, Future<PartResult<T>>> future : futures.entrySet()) {
			try {
				results.put(future.getKey(),
						future.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (TimeoutException ex) {
				future.getValue().cancel(true);
				failures.put(future.getKey(), "no answer within " + this.store.settings().scatterTimeout());
			}
			catch (ExecutionException ex) {
				failures.put(future.getKey(), String.valueOf(ex.getCause().getMessage()));
				firstCause = (firstCause != null) ? firstCause : ex.getCause();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				futures.values().forEach((f) -> f.cancel(true));
				throw new ScatterGatherException("Interrupted", Map.of(), ex);
			}
		}
		if (!failures.isEmpty()) {
			futures.values().forEach((f) -> f.cancel(true));
			throw new ScatterGatherException("Scatter-gather failed on set(s) " + failures.keySet() + ": " + failures,
					failures, firstCause);
		}
		return results;
	}

	private <T> PartResult<T> runOnSet(String set, SetPart<T> part, int timeoutSeconds) throws SQLException {
		try (Connection c = this.store.setDataSource(set).getConnection()) {
			c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			try (Statement s = c.createStatement()) {
				s.setQueryTimeout(timeoutSeconds);
				// one snapshot for the claims and the rows: a slot that flips meanwhile is seen on one side only
				s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
				try {
					List<Integer> claimed = new ArrayList<>();
					try (ResultSet rs = s.executeQuery("SELECT slot FROM slot_owner WHERE state IN ('"
							+ SlotState.OWNED.name() + "', '" + SlotState.FROZEN.name() + "') ORDER BY slot")) {
						while (rs.next()) {
							claimed.add(rs.getInt(1));
						}
					}
					T value = claimed.isEmpty() ? null : part.run(c, claimed, timeoutSeconds);
					this.store.statistics().query(set, QueryKind.SCATTER);
					return new PartResult<>(claimed, value);
				}
				finally {
					s.execute("COMMIT");
				}
			}
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
