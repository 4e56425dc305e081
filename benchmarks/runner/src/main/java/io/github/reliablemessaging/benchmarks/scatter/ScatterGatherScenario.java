package io.github.reliablemessaging.benchmarks.scatter;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.Scenario;
import io.github.reliablemessaging.benchmarks.ScenarioContext;
import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.benchmarks.Size;
import io.github.reliablemessaging.benchmarks.sharding.OrderRows;
import io.github.reliablemessaging.sharding.AggregateQuery;
import io.github.reliablemessaging.sharding.Row;
import io.github.reliablemessaging.sharding.RowQuery;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingSettings;
import io.github.reliablemessaging.sharding.ShardingStatistics.QueryKind;
import io.github.reliablemessaging.sharding.SortOrder;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealMySql;

/**
 * Scatter-gather latency against one set (issue 10's "scatter-gather latency vs one set"): the same orders are loaded
 * into a sharded store over 2 (and 3) sets, each set on a MariaDB server of its own, and into one plain database on
 * another server. One client thread then runs a fixed query mix, system after system (alternating round by round):
 * two ORDER BY + LIMIT 20 OFFSET 100 pages, one COUNT/SUM/AVG/MIN/MAX, one GROUP BY status with COUNT and SUM —
 * through {@code ShardedStore.scatterGather()} on the sharded systems and as plain SQL on the one database — and a
 * point query by shard key (through the routing DataSource, which must reach exactly one set). Every result of every
 * system is compared with the one database's result of the same query.
 */
public final class ScatterGatherScenario implements Scenario {

	static final String ONE_SET = "one-set";

	static final String SHARDED_2 = "reliable-2sets";

	static final String SHARDED_3 = "reliable-3sets";

	static final List<String> SYSTEMS = List.of(ONE_SET, SHARDED_2, SHARDED_3);

	static final List<String> KINDS = List.of("page_created", "page_amount", "aggregates", "group_by_status",
			"point_by_user");

	private static final String[] STATUSES = { "NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED" };

	private static final String COLUMNS = "id, user_id, status, amount, created_at";

	private static final int OFFSET = 100;

	private static final int LIMIT = 20;

	record Parameters(int orders, int queriesPerKind, int warmUp) {

		static Parameters of(Size size) {
			return switch (size) {
				case TINY -> new Parameters(2_000, 10, 3);
				case SMALL -> new Parameters(50_000, 100, 5);
				case FULL -> new Parameters(200_000, 100, 5);
			};
		}

		int users() {
			return Math.max(1, this.orders / 5);
		}

	}

	@Override
	public String name() {
		return "scatter-gather";
	}

	@Override
	public String description() {
		return "Scatter-gather queries (pages with ORDER BY + OFFSET, aggregates, GROUP BY) and a point query by shard key"
				+ " on a sharded store of 2 and 3 sets vs the same SQL on one database holding all rows";
	}

	@Override
	public void run(ScenarioContext context, ScenarioReport report) throws Exception {
		context.requireKnownSystems(SYSTEMS);
		Parameters parameters = Parameters.of(context.size());
		report.setting("orders", parameters.orders());
		report.setting("users", parameters.users());
		report.setting("statuses", List.of(STATUSES));
		report.setting("queries_per_kind_per_round", parameters.queriesPerKind());
		report.setting("warm_up_queries_per_kind", parameters.warmUp());
		report.setting("client", "one thread, queries one after the other; kinds interleaved within a system's turn");
		report.setting("query_mix", Map.of(
				"page_created", "SELECT " + COLUMNS + " FROM orders ORDER BY created_at, id LIMIT 20 OFFSET 100",
				"page_amount", "SELECT " + COLUMNS + " FROM orders ORDER BY amount DESC, id LIMIT 20 OFFSET 100",
				"aggregates", "SELECT COUNT(*), SUM(amount), AVG(amount), MIN(amount), MAX(created_at) FROM orders",
				"group_by_status", "SELECT status, COUNT(*), SUM(amount) FROM orders GROUP BY status ORDER BY status",
				"point_by_user", "SELECT " + COLUMNS + " FROM orders WHERE user_id = ? ORDER BY created_at, id"
						+ " (sharded: routing DataSource with the user bound)"));
		report.setting("layout", "one-set: one database on a server of its own; reliable-Nsets: set a (+ metadata), b, c"
				+ " each on a server of its own (the 2-set and 3-set stores use separate databases on the same servers)");
		report.setting("repeats", context.repeats());
		report.checkNotApplicable(ScenarioReport.ORDER_VIOLATIONS);
		report.checkNotApplicable(ScenarioReport.LOST);
		report.checkNotApplicable(ScenarioReport.DUPLICATES);
		List<String> systems = SYSTEMS.stream().filter(context::includes).toList();
		SYSTEMS.stream().filter((s) -> !context.includes(s)).forEach((s) -> report.skipped(s, "not selected"));
		if (systems.isEmpty()) {
			return;
		}
		boolean three = systems.contains(SHARDED_3);
		List<RealMySql> servers = new ArrayList<>();
		for (int i = 0; i < (three ? 4 : 3); i++) {
			servers.add(context.launchMySql(MySqlOptions.defaults()));
		}
		try (Connection c = servers.get(0).connect(""); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT VERSION(), @@query_cache_type, @@innodb_buffer_pool_size")) {
			rs.next();
			report.version("mysql-server", servers.get(0).description() + ", " + rs.getString(1));
			report.setting("query_cache_type", rs.getString(2));
			report.setting("innodb_buffer_pool_mb", rs.getLong(3) / (1024 * 1024));
		}
		List<HikariDataSource> pools = new ArrayList<>();
		Map<String, Target> targets = new LinkedHashMap<>();
		try {
			List<Object[]> orders = orders(parameters);
			recreate(servers.get(0), "sg_one");
			HikariDataSource one = pool(servers.get(0), "sg_one", pools);
			try (Connection c = one.getConnection(); Statement s = c.createStatement()) {
				s.execute(ordersDdl());
			}
			long start = System.nanoTime();
			load(one, orders);
			context.log("one-set: %,d orders loaded in %d ms", orders.size(), (System.nanoTime() - start) / 1_000_000);
			targets.put(ONE_SET, new OneSet(one));
			for (String system : systems) {
				if (system.equals(ONE_SET)) {
					continue;
				}
				int sets = system.equals(SHARDED_2) ? 2 : 3;
				ShardedStore store = store(servers, "sg" + sets, sets, pools);
				start = System.nanoTime();
				Map<String, List<Object[]>> bySet = new HashMap<>();
				for (Object[] row : orders) {
					int slot = store.slots().slotOf(row[2]);
					Object[] withSlot = row.clone();
					withSlot[1] = slot;
					bySet.computeIfAbsent(store.routing().setOf(slot), (k) -> new ArrayList<>()).add(withSlot);
				}
				for (Map.Entry<String, List<Object[]>> e : bySet.entrySet()) {
					load(store.setDataSource(e.getKey()), e.getValue());
				}
				Map<String, Integer> perSet = new LinkedHashMap<>();
				bySet.forEach((set, rows) -> perSet.put(set, rows.size()));
				context.log("%s: %,d orders loaded in %d ms, per set %s", system, orders.size(),
						(System.nanoTime() - start) / 1_000_000, perSet);
				report.setting(system + "_orders_per_set", perSet);
				targets.put(system, new Sharded(store));
			}
			for (Target target : targets.values()) {
				analyze(target);
			}
			if (targets.get(SHARDED_2) instanceof Sharded sharded) {
				diagnose(sharded.store, context, report);
			}
			Map<String, Long> mismatches = new LinkedHashMap<>();
			Map<String, Long> notOneSet = new LinkedHashMap<>();
			systems.forEach((s) -> {
				mismatches.put(s, 0L);
				notOneSet.put(s, 0L);
			});
			Random userPicker = new Random(7);
			for (int round = 1; round <= context.repeats(); round++) {
				// the same point-query users for every system of the round
				long[] users = new long[parameters.queriesPerKind() + parameters.warmUp()];
				for (int i = 0; i < users.length; i++) {
					users[i] = 1 + userPicker.nextInt(parameters.users());
				}
				Target reference = targets.get(ONE_SET);
				Map<String, List<List<Map<String, Object>>>> expected = new HashMap<>();
				for (String kind : KINDS) {
					List<List<Map<String, Object>>> results = new ArrayList<>();
					for (long user : users) {
						results.add(normalise(reference.run(kind, user)));
						if (!kind.equals("point_by_user")) {
							break;
						}
					}
					expected.put(kind, results);
				}
				for (int i = 0; i < systems.size(); i++) {
					String system = systems.get((i + round - 1) % systems.size());
					Target target = targets.get(system);
					Map<String, List<Long>> latencies = new LinkedHashMap<>();
					KINDS.forEach((k) -> latencies.put(k, new ArrayList<>()));
					long wrong = 0;
					long spread = 0;
					for (int q = 0; q < users.length; q++) {
						for (String kind : KINDS) {
							long user = users[q];
							Map<String, Long> before = target.routedStatements();
							long t0 = System.nanoTime();
							List<Map<String, Object>> result = target.run(kind, user);
							long took = System.nanoTime() - t0;
							if (kind.equals("point_by_user") && target instanceof Sharded) {
								Map<String, Long> after = target.routedStatements();
								long setsReached = after.keySet().stream()
									.filter((set) -> after.get(set) > before.getOrDefault(set, 0L))
									.count();
								if (setsReached != 1) {
									spread++;
								}
							}
							List<Map<String, Object>> want = expected.get(kind)
								.get(kind.equals("point_by_user") ? q : 0);
							if (!normalise(result).equals(want)) {
								wrong++;
								if (wrong <= 3) {
									context.log("%s %s: result differs from one-set: %s vs %s", system, kind, result, want);
								}
							}
							if (q >= parameters.warmUp()) {
								latencies.get(kind).add(took);
							}
						}
					}
					mismatches.merge(system, wrong, Long::sum);
					notOneSet.merge(system, spread, Long::sum);
					StringBuilder line = new StringBuilder();
					for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
						List<Long> sorted = new ArrayList<>(e.getValue());
						sorted.sort(null);
						double p50 = percentile(sorted, 0.50);
						double p99 = percentile(sorted, 0.99);
						double total = sorted.stream().mapToLong(Long::longValue).sum() / 1e9;
						report.sample(system, e.getKey() + "_p50_ms", p50);
						report.sample(system, e.getKey() + "_p99_ms", p99);
						report.sample(system, e.getKey() + "_queries_per_s", sorted.size() / total);
						line.append(String.format(Locale.ROOT, " %s %.2f/%.2f ms", e.getKey(), p50, p99));
					}
					context.log("round %d %s: p50/p99%s; mismatches %d", round, system, line, wrong);
				}
			}
			for (String system : systems) {
				report.check(system, "result_mismatches", mismatches.get(system));
				if (!system.equals(ONE_SET)) {
					report.check(system, "point_queries_not_on_one_set", notOneSet.get(system));
				}
			}
			List<String> p50s = KINDS.stream().map((k) -> k + "_p50_ms").toList();
			report.chart(new ChartPanel("Latency p50 per query kind", "ms", false, p50s));
			report.chart(new ChartPanel("Latency p99 per query kind", "ms", false,
					KINDS.stream().map((k) -> k + "_p99_ms").toList()));
			for (String system : systems) {
				if (system.equals(ONE_SET) || !systems.contains(ONE_SET)) {
					continue;
				}
				StringBuilder ratios = new StringBuilder();
				for (String kind : KINDS) {
					double sharded = report.median(system, kind + "_p50_ms").orElse(Double.NaN);
					double single = report.median(ONE_SET, kind + "_p50_ms").orElse(Double.NaN);
					double sharded99 = report.median(system, kind + "_p99_ms").orElse(Double.NaN);
					double single99 = report.median(ONE_SET, kind + "_p99_ms").orElse(Double.NaN);
					ratios.append(String.format(Locale.ROOT, "%s %.2fx (p99 %.2fx); ", kind, sharded / single,
							sharded99 / single99));
				}
				report.highlight(system + " / one-set, p50 latency ratio of medians: " + ratios.toString().trim());
			}
		}
		finally {
			for (Target target : targets.values()) {
				target.close();
			}
			pools.forEach(HikariDataSource::close);
		}
	}

	/**
	 * Where a page's time goes on one set: the plan and the time of the set's part with the slot filter scatter-gather
	 * adds, and of the same statement without it (one set, one thread, 20 runs after 3 warm-up runs; a diagnostic in
	 * the settings, not a metric).
	 */
	private static void diagnose(ShardedStore store, ScenarioContext context, ScenarioReport report) throws SQLException {
		String set = store.setNames().get(0);
		List<Integer> claimed = store.routing().slotsOf(set);
		StringBuilder in = new StringBuilder();
		claimed.forEach((slot) -> in.append(in.isEmpty() ? "" : ",").append(slot));
		String page = "SELECT " + COLUMNS + " FROM orders%s ORDER BY created_at, id LIMIT " + (OFFSET + LIMIT);
		String aggregate = "SELECT COUNT(*), SUM(amount), MIN(amount), MAX(created_at) FROM orders%s";
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("page_with_slot_filter", String.format(page, " WHERE slot IN (" + in + ")"));
		statements.put("page_without_slot_filter", String.format(page, ""));
		statements.put("aggregate_with_slot_filter", String.format(aggregate, " WHERE slot IN (" + in + ")"));
		statements.put("aggregate_without_slot_filter", String.format(aggregate, ""));
		Map<String, String> found = new LinkedHashMap<>();
		try (Connection c = store.setDataSource(set).getConnection(); Statement s = c.createStatement()) {
			for (Map.Entry<String, String> e : statements.entrySet()) {
				String plan;
				try (ResultSet rs = s.executeQuery("EXPLAIN " + e.getValue())) {
					rs.next();
					plan = "type=" + rs.getString("type") + " key=" + rs.getString("key") + " rows=" + rs.getString("rows")
							+ " extra=" + rs.getString("Extra");
				}
				List<Long> times = new ArrayList<>();
				for (int i = 0; i < 23; i++) {
					long t0 = System.nanoTime();
					try (ResultSet rs = s.executeQuery(e.getValue())) {
						while (rs.next()) {
							rs.getObject(1);
						}
					}
					if (i >= 3) {
						times.add(System.nanoTime() - t0);
					}
				}
				times.sort(null);
				found.put(e.getKey(), String.format(Locale.ROOT, "p50 %.2f ms; %s", percentile(times, 0.5), plan));
			}
		}
		context.log("set %s of %s (%d slots claimed): %s", set, SHARDED_2, claimed.size(), found);
		report.setting("diagnostic_one_set_part_" + SHARDED_2 + "_set_" + set, found);
	}

	private static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1);
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	/**
	 * Values compared by what they mean, not by their Java type: numbers by value (a DECIMAL's scale included, so
	 * an AVG computed to another precision is a mismatch), everything else by its string form.
	 */
	static List<Map<String, Object>> normalise(List<Map<String, Object>> rows) {
		List<Map<String, Object>> out = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			Map<String, Object> values = new LinkedHashMap<>();
			row.forEach((k, v) -> values.put(k, normaliseValue(v)));
			out.add(values);
		}
		return out;
	}

	private static Object normaliseValue(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toString();
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof java.math.BigInteger) {
			return new BigDecimal(value.toString()).toString();
		}
		return value.getClass().getSimpleName() + ":" + value;
	}

	/** Orders as {id, slot (filled per store), user, status, amount, created}. */
	private static List<Object[]> orders(Parameters parameters) {
		Random random = new Random(42);
		LocalDateTime base = LocalDateTime.of(2025, 1, 1, 0, 0);
		List<Object[]> orders = new ArrayList<>(parameters.orders());
		for (int i = 1; i <= parameters.orders(); i++) {
			long user = 1 + random.nextInt(parameters.users());
			String status = STATUSES[random.nextInt(STATUSES.length)];
			BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
			LocalDateTime created = base.plusNanos(random.nextInt(365 * 24 * 3600) * 1_000_000_000L
					+ random.nextInt(1000) * 1_000_000L);
			orders.add(new Object[] { (long) i, 0, user, status, amount, created });
		}
		return orders;
	}

	private static void load(javax.sql.DataSource dataSource, List<Object[]> rows) throws SQLException {
		OrderRows.insert(dataSource, "INSERT INTO orders (id, slot, user_id, status, currency, amount, created_at)"
				+ " VALUES (?, ?, ?, ?, 'EUR', ?, ?)", rows);
	}

	private static void analyze(Target target) throws SQLException {
		for (javax.sql.DataSource dataSource : target.rawDataSources()) {
			try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
				s.execute("ANALYZE TABLE orders");
			}
		}
	}

	private static String ordersDdl() throws IOException {
		try (InputStream in = ScatterGatherScenario.class.getResourceAsStream("/db/slot-migration/V1__orders.sql")) {
			if (in == null) {
				throw new IllegalStateException("db/slot-migration/V1__orders.sql is not on the class path");
			}
			StringBuilder sql = new StringBuilder();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.trim().startsWith("--")) {
					sql.append(line).append('\n');
				}
			}
			return sql.toString().trim().replaceAll(";$", "");
		}
	}

	private static ShardedStore store(List<RealMySql> servers, String prefix, int sets, List<HikariDataSource> pools)
			throws SQLException {
		recreate(servers.get(1), prefix + "_meta");
		ShardedStore.Builder builder = ShardedStore.builder().metadata(pool(servers.get(1), prefix + "_meta", pools));
		for (int i = 0; i < sets; i++) {
			String name = String.valueOf((char) ('a' + i));
			recreate(servers.get(1 + i), prefix + "_" + name);
			builder.set(name, pool(servers.get(1 + i), prefix + "_" + name, pools));
		}
		// the sharded table is the one of the slot-migration scenario (the same shape as the starter's tests)
		return builder.settings(ShardingSettings.defaults().withMigrationLocations(List.of("classpath:db/slot-migration")))
			.build()
			.start();
	}

	private static HikariDataSource pool(RealMySql server, String database, List<HikariDataSource> pools) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.jdbcUrl(database));
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(8);
		config.setMinimumIdle(2);
		HikariDataSource pool = new HikariDataSource(config);
		pools.add(pool);
		return pool;
	}

	private static void recreate(RealMySql server, String database) throws SQLException {
		try (Connection c = server.connect(""); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS `" + database + "`");
		}
		server.createDatabase(database);
	}

	/** A system: runs one query of a kind and returns its rows. */
	private interface Target extends AutoCloseable {

		List<Map<String, Object>> run(String kind, long user) throws Exception;

		/** @return statements that reached each set through the routing DataSource so far (empty for one-set) */
		Map<String, Long> routedStatements();

		List<javax.sql.DataSource> rawDataSources();

		@Override
		void close();

	}

	/** The reference: plain SQL on one database. */
	private static final class OneSet implements Target {

		private final HikariDataSource dataSource;

		OneSet(HikariDataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public List<Map<String, Object>> run(String kind, long user) throws SQLException {
			String sql = switch (kind) {
				case "page_created" -> "SELECT " + COLUMNS + " FROM orders ORDER BY created_at ASC, id ASC LIMIT " + LIMIT
						+ " OFFSET " + OFFSET;
				case "page_amount" -> "SELECT " + COLUMNS + " FROM orders ORDER BY amount DESC, id ASC LIMIT " + LIMIT
						+ " OFFSET " + OFFSET;
				case "aggregates" -> "SELECT COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS low,"
						+ " MAX(created_at) AS latest FROM orders";
				case "group_by_status" -> "SELECT status, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY status"
						+ " ORDER BY status";
				case "point_by_user" -> "SELECT " + COLUMNS + " FROM orders WHERE user_id = ? ORDER BY created_at, id";
				default -> throw new IllegalArgumentException(kind);
			};
			try (Connection c = this.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
				if (kind.equals("point_by_user")) {
					ps.setLong(1, user);
				}
				try (ResultSet rs = ps.executeQuery()) {
					return rows(rs);
				}
			}
		}

		@Override
		public Map<String, Long> routedStatements() {
			return Map.of();
		}

		@Override
		public List<javax.sql.DataSource> rawDataSources() {
			return List.of(this.dataSource);
		}

		@Override
		public void close() {
		}

	}

	/** The project's API: scatter-gather for the fan-out kinds, the routing DataSource for the point query. */
	private static final class Sharded implements Target {

		final ShardedStore store;

		Sharded(ShardedStore store) {
			this.store = store;
		}

		@Override
		public List<Map<String, Object>> run(String kind, long user) throws SQLException {
			if (kind.equals("point_by_user")) {
				return this.store.execute(user, () -> {
					try (Connection c = this.store.dataSource().getConnection();
							PreparedStatement ps = c.prepareStatement(
									"SELECT " + COLUMNS + " FROM orders WHERE user_id = ? ORDER BY created_at, id")) {
						ps.setLong(1, user);
						try (ResultSet rs = ps.executeQuery()) {
							return rows(rs);
						}
					}
				});
			}
			return maps(switch (kind) {
				case "page_created" -> this.store.scatterGather().query(RowQuery.from("orders")
					.select("id", "user_id", "status", "amount", "created_at")
					.orderBy("created_at")
					.orderBy("id")
					.offset(OFFSET)
					.limit(LIMIT));
				case "page_amount" -> this.store.scatterGather().query(RowQuery.from("orders")
					.select("id", "user_id", "status", "amount", "created_at")
					.orderBy("amount", SortOrder.DESC)
					.orderBy("id")
					.offset(OFFSET)
					.limit(LIMIT));
				case "aggregates" -> this.store.scatterGather().aggregate(AggregateQuery.from("orders")
					.count("n")
					.sum("amount", "total")
					.avg("amount", "mean")
					.min("amount", "low")
					.max("created_at", "latest"));
				case "group_by_status" -> this.store.scatterGather().aggregate(AggregateQuery.from("orders")
					.groupBy("status")
					.count("n")
					.sum("amount", "total")
					.orderBy("status"));
				default -> throw new IllegalArgumentException(kind);
			});
		}

		private List<Map<String, Object>> maps(List<Row> rows) {
			return rows.stream().map(Row::asMap).toList();
		}

		@Override
		public Map<String, Long> routedStatements() {
			Map<String, Long> out = new HashMap<>();
			for (String set : this.store.setNames()) {
				out.put(set, this.store.statistics().queries(set, QueryKind.ROUTED));
			}
			return out;
		}

		@Override
		public List<javax.sql.DataSource> rawDataSources() {
			return this.store.setNames().stream().map(this.store::setDataSource).toList();
		}

		@Override
		public void close() {
			this.store.close();
		}

	}

	/** Rows of a plain result set, built like the store's own rows (label -> driver value). */
	private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		List<Map<String, Object>> rows = new ArrayList<>();
		while (rs.next()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				values.put(meta.getColumnLabel(i), rs.getObject(i));
			}
			rows.add(values);
		}
		return rows;
	}

}
