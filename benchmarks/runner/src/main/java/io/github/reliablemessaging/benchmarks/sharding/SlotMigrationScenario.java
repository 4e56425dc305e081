package io.github.reliablemessaging.benchmarks.sharding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.Scenario;
import io.github.reliablemessaging.benchmarks.ScenarioContext;
import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingSettings;
import io.github.reliablemessaging.sharding.rebalance.Cutover;
import io.github.reliablemessaging.sharding.rebalance.MoveStep;
import io.github.reliablemessaging.sharding.rebalance.RebalanceStatus;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.github.reliablemessaging.sharding.rebalance.SlotMoveStatus;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealMySql;

/**
 * Online slot migration (issue 8's benchmark): sets a and b hold the data, set c is added empty, and 8 slots of a move
 * to c (binlog catch-up, freeze, fenced flip, cleanup) while closed-loop writers insert, update and delete across all
 * slots (half of their writes on the moving slots). Per round: the copy rate, how long writers of a moving slot were
 * held at the cutover (the freeze window, and the moving slots' write latency p99 / max over the whole move, beside
 * the other slots' as the machine's noise floor), and the
 * write throughput during the move against the same writers' throughput just before it. Afterwards every row is
 * compared with the log of acknowledged writes.
 */
public final class SlotMigrationScenario implements Scenario {

	static final String SYSTEM = "reliable";

	private static final int SLOTS_MOVED = 8;

	private static final int WRITERS = 4;

	@Override
	public String name() {
		return "slot-migration";
	}

	@Override
	public String description() {
		return "Online move of 8 slots to a new set under live writes: copy rate, freeze window felt by writers of the"
				+ " moving slots, write throughput during the move vs before";
	}

	record Parameters(int movingRows, int otherRows, int baselineSeconds) {

		static Parameters of(io.github.reliablemessaging.benchmarks.Size size) {
			return switch (size) {
				case TINY -> new Parameters(8_000, 2_000, 2);
				case SMALL -> new Parameters(50_000, 10_000, 5);
				case FULL -> new Parameters(200_000, 20_000, 5);
			};
		}

	}

	@Override
	public void run(ScenarioContext context, ScenarioReport report) throws Exception {
		context.requireKnownSystems(List.of(SYSTEM));
		Parameters parameters = Parameters.of(context.size());
		report.setting("slots_moved", SLOTS_MOVED);
		report.setting("rows_in_moving_slots", parameters.movingRows());
		report.setting("rows_elsewhere", parameters.otherRows());
		report.setting("writers", WRITERS + " closed-loop threads, 40 % inserts, 40 % updates, 20 % deletes, half on the"
				+ " moving slots, each a fenced one-statement transaction through the routing DataSource");
		report.setting("baseline_seconds", parameters.baselineSeconds());
		report.setting("repeats", context.repeats());
		report.setting("cutover", "AUTO: freeze when <= 100 captured changes wait and the oldest is < 50 ms");
		report.checkNotApplicable(ScenarioReport.ORDER_VIOLATIONS);
		if (!context.includes(SYSTEM)) {
			report.skipped(SYSTEM, "not selected");
			return;
		}
		List<RealMySql> servers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			servers.add(context.launchMySql(MySqlOptions.defaults().withBinlog(true)));
		}
		try (Connection c = servers.get(0).connect(""); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT VERSION()")) {
			rs.next();
			report.version("mysql-server", servers.get(0).description() + ", " + rs.getString(1));
		}
		String client = com.github.shyiko.mysql.binlog.BinaryLogClient.class.getPackage().getImplementationVersion();
		report.version("binlog-client", "io.debezium:mysql-binlog-connector-java " + ((client != null) ? client : "0.41.x"));
		for (int round = 1; round <= context.repeats(); round++) {
			new Round(context, report, servers, parameters, "slotmig_r" + round).run(round);
		}
		report.chart(new ChartPanel("Copy rate", "rows/s", false, List.of("copy_rows_per_s")));
		report.chart(new ChartPanel("Writers of the moving slots at the cutover", "ms", false,
				List.of("freeze_max_ms", "moving_slots_write_p99_ms", "moving_slots_write_max_ms", "other_slots_write_p99_ms",
						"other_slots_write_max_ms")));
		report.chart(new ChartPanel("Write throughput", "writes/s", false, List.of("writes_before_per_s", "writes_during_per_s")));
		report.median(SYSTEM, "freeze_max_ms").ifPresent((ms) -> report.highlight(String.format(Locale.ROOT,
				"Writers of a moving slot were held at most %.0f ms by the freeze (median over rounds of the largest of 8"
						+ " moves; target <= 200 ms)", ms)));
		report.median(SYSTEM, "during_of_before_pct").ifPresent((pct) -> report.highlight(String.format(Locale.ROOT,
				"Write throughput during the move was %.0f %% of the throughput just before it (target >= 80 %%)", pct)));
		report.median(SYSTEM, "copy_rows_per_s").ifPresent((rate) -> report.highlight(String.format(Locale.ROOT,
				"Copy (chunked copy with catch-up, step 2 only) ran at %.0f rows/s (target >= 50k rows/s)", rate)));
	}

	/** One round: fresh schemas, initialise on a and b, add c, load, write, move, check. */
	private static final class Round {

		private final ScenarioContext context;

		private final ScenarioReport report;

		private final List<RealMySql> servers;

		private final Parameters parameters;

		private final String prefix;

		private final List<HikariDataSource> pools = new ArrayList<>();

		Round(ScenarioContext context, ScenarioReport report, List<RealMySql> servers, Parameters parameters, String prefix) {
			this.context = context;
			this.report = report;
			this.servers = servers;
			this.parameters = parameters;
			this.prefix = prefix;
		}

		void run(int round) throws Exception {
			for (int i = 0; i < 3; i++) {
				recreate(this.servers.get(i), this.prefix + "_" + (char) ('a' + i));
			}
			recreate(this.servers.get(0), this.prefix + "_meta");
			store(2).close();
			ShardedStore store = store(3);
			Map<Integer, long[]> copyNanos = new ConcurrentHashMap<>(); // slot -> {copy start, copy end}
			Rebalancer rebalancer = Rebalancer.builder(store).listener((move, step, point) -> {
				if (point.equals("begin") && step == MoveStep.COPY) {
					copyNanos.computeIfAbsent(move.slot(), (s) -> new long[2])[0] = System.nanoTime();
				}
				if (point.equals("begin") && step == MoveStep.VERIFY) {
					copyNanos.computeIfAbsent(move.slot(), (s) -> new long[2])[1] = System.nanoTime();
				}
			}).build();
			try {
				rebalancer.registerSet("c");
				List<Integer> moving = store.routing().slotsOf("a").subList(10, 10 + SLOTS_MOVED);
				List<Long> hot = new ArrayList<>();
				List<Long> others = new ArrayList<>();
				Map<Integer, Integer> perSlot = new HashMap<>();
				for (long user = 1; hot.size() < SLOTS_MOVED * 50 || others.size() < 2_000; user++) {
					int slot = store.slots().slotOf(user);
					if (moving.contains(slot)) {
						if (perSlot.merge(slot, 1, Integer::sum) <= 50) {
							hot.add(user);
						}
					}
					else if (others.size() < 2_000) {
						others.add(user);
					}
				}
				Map<Long, Object[]> reference = new ConcurrentHashMap<>();
				AtomicLong ids = new AtomicLong(1_000_000);
				long loadStart = System.nanoTime();
				preload(store, hot, this.parameters.movingRows() / hot.size(), ids, reference);
				preload(store, others, Math.max(1, this.parameters.otherRows() / others.size()), ids, reference);
				this.context.log("round %d: %,d rows loaded in %d ms", round, reference.size(),
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart));
				rebalancer.start();

				Writers writers = new Writers(store, hot, others, ids, reference);
				writers.start(new ArrayList<>(reference.keySet()));
				Thread.sleep(1_000); // warm-up
				long baselineStart = System.nanoTime();
				long baselineOps = writers.ops.get();
				Thread.sleep(TimeUnit.SECONDS.toMillis(this.parameters.baselineSeconds()));
				double before = (writers.ops.get() - baselineOps) / ((System.nanoTime() - baselineStart) / 1e9);

				long moveStart = System.nanoTime();
				long moveOps = writers.ops.get();
				writers.recordHotFrom(moveStart);
				RebalanceStatus started = rebalancer.start(rebalancer.plan(moving, "c"), Cutover.AUTO, null);
				RebalanceStatus done;
				long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
				while (true) {
					done = rebalancer.rebalance(started.id()).orElseThrow();
					if (done.status().equals("DONE") || done.status().equals("ABORTED") || System.nanoTime() > deadline) {
						break;
					}
					Thread.sleep(100);
				}
				long moveEnd = System.nanoTime();
				writers.recordHotUntil(moveEnd);
				double during = (writers.ops.get() - moveOps) / ((moveEnd - moveStart) / 1e9);
				writers.stop();
				if (!done.status().equals("DONE")) {
					throw new IllegalStateException("the rebalance ended " + done.status() + ": " + done.moves());
				}

				long copied = done.moves().stream().mapToLong(SlotMoveStatus::rowsCopied).sum();
				long copyTime = copyNanos.values().stream().mapToLong((t) -> t[1] - t[0]).sum();
				List<Long> freezes = done.moves().stream().map(SlotMoveStatus::freezeMillis).toList();
				List<Long> hotLatencies = writers.hotLatencies();
				Collections.sort(hotLatencies);
				double p99 = hotLatencies.isEmpty() ? Double.NaN : hotLatencies.get((int) (hotLatencies.size() * 0.99)) / 1e6;
				double max = hotLatencies.isEmpty() ? Double.NaN : hotLatencies.get(hotLatencies.size() - 1) / 1e6;
				double freezeMax = freezes.stream().mapToLong(Long::longValue).max().orElse(-1);
				List<Long> otherLatencies = writers.otherLatencies();
				Collections.sort(otherLatencies);
				double otherP99 = otherLatencies.isEmpty() ? Double.NaN
						: otherLatencies.get((int) (otherLatencies.size() * 0.99)) / 1e6;
				double otherMax = otherLatencies.isEmpty() ? Double.NaN : otherLatencies.get(otherLatencies.size() - 1) / 1e6;
				this.report.sample(SYSTEM, "copy_rows_per_s", copied / (copyTime / 1e9));
				this.report.sample(SYSTEM, "move_total_s", (moveEnd - moveStart) / 1e9);
				this.report.sample(SYSTEM, "freeze_max_ms", freezeMax);
				this.report.sample(SYSTEM, "freeze_p50_ms", freezes.stream().sorted().toList().get(freezes.size() / 2));
				this.report.sample(SYSTEM, "moving_slots_write_p99_ms", p99);
				this.report.sample(SYSTEM, "moving_slots_write_max_ms", max);
				this.report.sample(SYSTEM, "other_slots_write_p99_ms", otherP99);
				this.report.sample(SYSTEM, "other_slots_write_max_ms", otherMax);
				this.report.sample(SYSTEM, "writes_before_per_s", before);
				this.report.sample(SYSTEM, "writes_during_per_s", during);
				this.report.sample(SYSTEM, "during_of_before_pct", 100 * during / before);

				Map<String, Long> checks = check(store, reference, writers, moving);
				checks.forEach((name, count) -> this.report.check(SYSTEM, name, count));
				this.context.log("round %d: copy %,.0f rows/s, move %.1f s, freeze %s ms, moving-slot writes p99 %.1f ms max"
						+ " %.1f ms (other slots p99 %.1f max %.1f), writes %,.0f/s before, %,.0f/s during (%.0f %%), checks %s",
						round, copied / (copyTime / 1e9), (moveEnd - moveStart) / 1e9, freezes, p99, max, otherP99, otherMax,
						before, during, 100 * during / before, checks);
			}
			finally {
				rebalancer.close();
				store.close();
				this.pools.forEach(HikariDataSource::close);
				this.pools.clear();
			}
		}

		private Map<String, Long> check(ShardedStore store, Map<Long, Object[]> reference, Writers writers,
				List<Integer> moving) throws SQLException {
			RoutingTable routing = store.refreshRouting();
			Map<Long, Object[]> found = new HashMap<>();
			long duplicates = 0;
			for (String set : store.setNames()) {
				try (Connection c = store.setDataSource(set).getConnection(); Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT id, slot, status, amount FROM orders")) {
					while (rs.next()) {
						if (found.put(rs.getLong(1), new Object[] { set, rs.getInt(2), rs.getString(3), rs.getBigDecimal(4) }) != null) {
							duplicates++;
						}
					}
				}
			}
			long lost = 0;
			long stale = 0;
			long misplaced = 0;
			for (Map.Entry<Long, Object[]> e : reference.entrySet()) {
				Object[] row = found.get(e.getKey());
				if (row == null) {
					lost++;
					continue;
				}
				Object[] expected = e.getValue();
				if (!expected[3].equals(row[2]) || ((BigDecimal) expected[4]).compareTo((BigDecimal) row[3]) != 0) {
					stale++;
				}
				if (!routing.setOf((Integer) expected[1]).equals(row[0])) {
					misplaced++;
				}
			}
			long unexpected = found.keySet().stream().filter((id) -> !reference.containsKey(id)).count();
			long leftOnSource = 0;
			try (Connection c = store.setDataSource("a").getConnection(); Statement s = c.createStatement()) {
				for (int slot : moving) {
					try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE slot = " + slot)) {
						rs.next();
						leftOnSource += rs.getLong(1);
					}
				}
			}
			Map<String, Long> checks = new java.util.LinkedHashMap<>();
			checks.put(ScenarioReport.LOST, lost);
			checks.put(ScenarioReport.DUPLICATES, duplicates);
			checks.put("stale", stale);
			checks.put("misplaced", misplaced);
			checks.put("unexpected", unexpected);
			checks.put("left_on_source", leftOnSource);
			checks.put("writes_refused", writers.refused.get());
			checks.put("updates_without_row", writers.missing.get());
			return checks;
		}

		private ShardedStore store(int sets) {
			ShardedStore.Builder builder = ShardedStore.builder().metadata(pool(this.servers.get(0), this.prefix + "_meta"));
			for (int i = 0; i < sets; i++) {
				String name = String.valueOf((char) ('a' + i));
				builder.set(name, pool(this.servers.get(i), this.prefix + "_" + name));
			}
			return builder.settings(ShardingSettings.defaults()
				.withMigrationLocations(List.of("classpath:db/slot-migration"))
				.withTimings(Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofMillis(2))).build().start();
		}

		private HikariDataSource pool(RealMySql server, String database) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(server.jdbcUrl(database));
			config.setUsername(server.username());
			config.setPassword(server.password());
			config.setMaximumPoolSize(16);
			config.setMinimumIdle(0);
			HikariDataSource pool = new HikariDataSource(config);
			this.pools.add(pool);
			return pool;
		}

		private static void recreate(RealMySql server, String database) throws SQLException {
			try (Connection c = server.connect(""); Statement s = c.createStatement()) {
				s.execute("DROP DATABASE IF EXISTS `" + database + "`");
			}
			server.createDatabase(database);
		}

		private static void preload(ShardedStore store, List<Long> users, int rowsPerUser, AtomicLong ids,
				Map<Long, Object[]> reference) throws SQLException {
			Map<String, List<Object[]>> bySet = new HashMap<>();
			for (long user : users) {
				int slot = store.slots().slotOf(user);
				for (int i = 0; i < rowsPerUser; i++) {
					long id = ids.incrementAndGet();
					Object[] row = { id, slot, user, "NEW", BigDecimal.valueOf(id % 100_000, 2) };
					reference.put(id, row);
					bySet.computeIfAbsent(store.routing().setOf(slot), (s) -> new ArrayList<>()).add(row);
				}
			}
			for (Map.Entry<String, List<Object[]>> e : bySet.entrySet()) {
				OrderRows.insert(store.setDataSource(e.getKey()), "INSERT INTO orders (id, slot, user_id, status, currency,"
						+ " amount, created_at) VALUES (?, ?, ?, ?, 'EUR', ?, '2025-01-01 00:00:00.123')", e.getValue());
			}
		}

	}

	/** Closed-loop writers; each owns the ids it writes, so the reference log is exact. */
	private static final class Writers {

		private final ShardedStore store;

		private final List<Long> hot;

		private final List<Long> others;

		private final Set<Long> hotUsers;

		private final AtomicLong ids;

		private final Map<Long, Object[]> reference;

		final AtomicLong ops = new AtomicLong();

		final AtomicLong refused = new AtomicLong();

		final AtomicLong missing = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Future<?>> threads = new ArrayList<>();

		private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS, (r) -> new Thread(r, "slot-migration-writer"));

		private final List<long[]> hotSamples = java.util.Collections.synchronizedList(new ArrayList<>()); // {start, latency}

		private final List<long[]> otherSamples = java.util.Collections.synchronizedList(new ArrayList<>());

		private volatile long hotFrom = Long.MAX_VALUE;

		private volatile long hotUntil = Long.MAX_VALUE;

		Writers(ShardedStore store, List<Long> hot, List<Long> others, AtomicLong ids, Map<Long, Object[]> reference) {
			this.store = store;
			this.hot = hot;
			this.others = others;
			this.hotUsers = Set.copyOf(hot);
			this.ids = ids;
			this.reference = reference;
		}

		void start(List<Long> preloaded) {
			Collections.shuffle(preloaded, new Random(1));
			for (int w = 0; w < WRITERS; w++) {
				List<Long> own = new ArrayList<>();
				for (int i = w; i < preloaded.size(); i += WRITERS) {
					own.add(preloaded.get(i));
				}
				int index = w;
				this.threads.add(this.pool.submit(() -> loop(index, own)));
			}
		}

		void recordHotFrom(long nanos) {
			this.hotFrom = nanos;
		}

		void recordHotUntil(long nanos) {
			this.hotUntil = nanos;
		}

		List<Long> hotLatencies() {
			return latencies(this.hotSamples);
		}

		List<Long> otherLatencies() {
			return latencies(this.otherSamples);
		}

		private List<Long> latencies(List<long[]> samples) {
			List<Long> latencies = new ArrayList<>();
			synchronized (samples) {
				for (long[] sample : samples) {
					if (sample[0] >= this.hotFrom && sample[0] <= this.hotUntil) {
						latencies.add(sample[1]);
					}
				}
			}
			return latencies;
		}

		void stop() throws Exception {
			this.running.set(false);
			for (Future<?> thread : this.threads) {
				thread.get(1, TimeUnit.MINUTES);
			}
			this.pool.shutdown();
		}

		private void loop(int index, List<Long> own) {
			Random random = new Random(index);
			List<Long> alive = new ArrayList<>(own);
			List<Long> aliveHot = new ArrayList<>();
			for (long id : own) {
				if (this.hotUsers.contains((Long) this.reference.get(id)[2])) {
					aliveHot.add(id);
				}
			}
			while (this.running.get()) {
				boolean toHot = random.nextBoolean();
				int op = random.nextInt(10);
				List<Long> pickFrom = toHot ? aliveHot : alive;
				long started = System.nanoTime();
				try {
					if (op < 4 || pickFrom.isEmpty()) {
						long user = toHot ? this.hot.get(random.nextInt(this.hot.size()))
								: this.others.get(random.nextInt(this.others.size()));
						int slot = this.store.slots().slotOf(user);
						long id = this.ids.incrementAndGet();
						BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
						run(user, "INSERT INTO orders (id, slot, user_id, status, currency, amount, created_at) VALUES (?, ?, ?,"
								+ " 'NEW', 'EUR', ?, '2025-01-01 00:00:00.123')", id, slot, user, amount);
						this.reference.put(id, new Object[] { id, slot, user, "NEW", amount });
						alive.add(id);
						if (toHot) {
							aliveHot.add(id);
						}
					}
					else {
						int at = random.nextInt(pickFrom.size());
						long id = pickFrom.get(at);
						Object[] row = this.reference.get(id);
						long user = (Long) row[2];
						if (op >= 8) {
							if (run(user, "DELETE FROM orders WHERE id = ?", id) != 1) {
								this.missing.incrementAndGet();
							}
							this.reference.remove(id);
							pickFrom.set(at, pickFrom.get(pickFrom.size() - 1));
							pickFrom.remove(pickFrom.size() - 1);
							(toHot ? alive : aliveHot).remove(id);
						}
						else {
							BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
							String status = "S" + random.nextInt(1000);
							if (run(user, "UPDATE orders SET amount = ?, status = ? WHERE id = ?", amount, status, id) != 1) {
								this.missing.incrementAndGet();
							}
							this.reference.put(id, new Object[] { id, row[1], user, status, amount });
						}
					}
					this.ops.incrementAndGet();
					(toHot ? this.hotSamples : this.otherSamples).add(new long[] { started, System.nanoTime() - started });
				}
				catch (Exception ex) {
					this.refused.incrementAndGet();
				}
			}
		}

		private int run(long user, String sql, Object... params) throws SQLException {
			return this.store.execute(user, () -> {
				try (Connection c = this.store.dataSource().getConnection()) {
					c.setAutoCommit(false);
					int n;
					try (PreparedStatement ps = c.prepareStatement(sql)) {
						for (int i = 0; i < params.length; i++) {
							ps.setObject(i + 1, params[i]);
						}
						n = ps.executeUpdate();
					}
					c.commit();
					return n;
				}
			});
		}

	}

}
