package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.sharding.ShardingStatistics.QueryKind;
import io.github.reliablemessaging.testsupport.RealMySql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50k orders of 10k users over three sets: placement by slot, single-set reads by shard key, and scatter-gather
 * answers equal to the same SQL on one reference database holding all rows.
 */
class OrdersScatterGatherTest {

	private static final int USERS = 10_000;

	private static final int ORDERS = 50_000;

	private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

	private static final String[] STATUSES = { "NEW", "PAID", "SHIPPED", "CANCELLED" };

	private static final String[] CURRENCIES = { "EUR", "USD", "CNY" };

	private static TestSets.Fixture fixture;

	private static HikariDataSource reference;

	private static final Map<Integer, Integer> ordersPerSlot = new TreeMap<>();

	@BeforeAll
	static void placeOrders() throws SQLException {
		List<RealMySql> servers = TestSets.shared();
		fixture = TestSets.store("orders50k", servers, 3, (s) -> s);
		TestSets.drop(servers.get(0), "orders50k_ref");
		reference = TestSets.pool(servers.get(0), "orders50k_ref", 4);
		Flyway.configure().dataSource(reference).locations("classpath:db/sharding").load().migrate();

		ShardedStore store = fixture.store();
		SlotIdGenerator ids = new SlotIdGenerator(1);
		Random random = new Random(42);
		LocalDateTime base = LocalDateTime.of(2025, 3, 1, 0, 0);
		Map<Integer, List<Object[]>> bySlot = new TreeMap<>();
		List<Object[]> all = new ArrayList<>(ORDERS);
		for (int i = 0; i < ORDERS; i++) {
			long user = 1_000_000L + random.nextInt(USERS);
			int slot = store.slots().slotOf(user);
			Object[] row = { ids.next(slot), slot, user, STATUSES[random.nextInt(STATUSES.length)],
					CURRENCIES[random.nextInt(CURRENCIES.length)], BigDecimal.valueOf(100 + random.nextInt(1_000_000), 2),
					TS.format(base.plusNanos(random.nextLong(30L * 24 * 3600 * 1000) * 1_000_000L)) };
			bySlot.computeIfAbsent(slot, (k) -> new ArrayList<>()).add(row);
			all.add(row);
			ordersPerSlot.merge(slot, 1, Integer::sum);
		}
		// one fenced transaction per slot through the routing DataSource, batched
		for (Map.Entry<Integer, List<Object[]>> slot : bySlot.entrySet()) {
			try (ShardContext ignored = store.bindSlot(slot.getKey());
					Connection c = store.dataSource().getConnection()) {
				c.setAutoCommit(false);
				insert(c, slot.getValue());
				c.commit();
			}
		}
		try (Connection c = reference.getConnection()) {
			c.setAutoCommit(false);
			insert(c, all);
			c.commit();
		}
	}

	private static void insert(Connection c, List<Object[]> rows) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
				+ " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			for (Object[] row : rows) {
				for (int i = 0; i < row.length; i++) {
					ps.setObject(i + 1, row[i]); // created_at as text: keeps milliseconds on MariaDB too
				}
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	@AfterAll
	static void close() {
		fixture.close();
		reference.close();
	}

	@Test
	void everyOrderLandsOnTheSetItsSlotMapsTo() throws SQLException {
		RoutingTable routing = fixture.store().routing();
		Map<Integer, Integer> found = new TreeMap<>();
		for (Map.Entry<String, HikariDataSource> set : fixture.sets().entrySet()) {
			for (List<Object> row : select(set.getValue(), "SELECT slot, COUNT(*) FROM orders GROUP BY slot")) {
				int slot = ((Number) row.get(0)).intValue();
				assertThat(routing.setOf(slot)).as("set of slot %d", slot).isEqualTo(set.getKey());
				found.put(slot, ((Number) row.get(1)).intValue());
			}
			// the slot column matches the user id's slot on every row
			assertThat(select(set.getValue(), "SELECT user_id, slot FROM orders")).allSatisfy((row) -> assertThat(
					fixture.store().slots().slotOf(((Number) row.get(0)).longValue())).isEqualTo(((Number) row.get(1)).intValue()));
		}
		assertThat(found).isEqualTo(ordersPerSlot);
		assertThat(routing.sets()).containsExactly("a", "b", "c");
		assertThat(routing.slotsOf("a")).hasSize(86);
		// milliseconds survived the routed insert
		assertThat(select(fixture.sets().get("a"), "SELECT COUNT(*) FROM orders WHERE MICROSECOND(created_at) > 0").get(0).get(0))
			.isNotEqualTo(0L);
	}

	@Test
	void readsByShardKeyHitOnlyTheOwningSet() throws Exception {
		ShardedStore store = fixture.store();
		Random random = new Random(7);
		for (int i = 0; i < 200; i++) {
			long user = 1_000_000L + random.nextInt(USERS);
			String owner = store.routing().setOf(store.slots().slotOf(user));
			Map<String, Long> before = routedQueries(store);
			List<List<Object>> rows = store.execute(user, () -> select(store.dataSource(),
					"SELECT id, amount FROM orders WHERE user_id = " + user + " ORDER BY id"));
			Map<String, Long> after = routedQueries(store);
			for (String set : store.setNames()) {
				assertThat(after.get(set) - before.get(set)).as("queries on %s for a user of %s", set, owner)
					.isEqualTo(set.equals(owner) ? 1 : 0);
			}
			assertThat(rows).isEqualTo(select(reference, "SELECT id, amount FROM orders WHERE user_id = " + user
					+ " ORDER BY id"));
		}
	}

	private static Map<String, Long> routedQueries(ShardedStore store) {
		Map<String, Long> counts = new HashMap<>();
		store.setNames().forEach((s) -> counts.put(s, store.statistics().queries(s, QueryKind.ROUTED)));
		return counts;
	}

	@Test
	void orderByLimitOffsetEqualsTheSingleDatabaseAnswer() throws SQLException {
		ScatterGather sg = fixture.store().scatterGather();
		assertRows(sg.query(RowQuery.from("orders").select("id", "user_id", "amount")
			.orderBy("amount", SortOrder.DESC).orderBy("id").offset(100).limit(25)),
				"SELECT id, user_id, amount FROM orders ORDER BY amount DESC, id LIMIT 25 OFFSET 100");
		assertRows(sg.query(RowQuery.from("orders").select("id", "status")
			.where("status = ? AND currency = ?", "PAID", "EUR").orderBy("created_at").orderBy("id").limit(50)),
				"SELECT id, status FROM orders WHERE status = 'PAID' AND currency = 'EUR' ORDER BY created_at, id LIMIT 50");
		assertRows(sg.query(RowQuery.from("orders").orderBy("user_id", SortOrder.DESC).orderBy("id", SortOrder.DESC)
			.offset(49_990).limit(20)), "SELECT * FROM orders ORDER BY user_id DESC, id DESC LIMIT 20 OFFSET 49990");
		assertRows(sg.query(RowQuery.from("orders").select("id").where("amount > ?", new BigDecimal("9990.00"))
			.orderBy("id")), "SELECT id FROM orders WHERE amount > 9990.00 ORDER BY id");
		assertRows(sg.query(RowQuery.from("orders").select("id", "created_at")
			.where("created_at >= ?", LocalDateTime.of(2025, 3, 10, 12, 0, 0, 500_000_000))
			.orderBy("created_at").orderBy("id").limit(10)),
				"SELECT id, created_at FROM orders WHERE created_at >= '2025-03-10 12:00:00.500' ORDER BY created_at, id LIMIT 10");
	}

	@Test
	void aggregatesEqualTheSingleDatabaseAnswer() throws SQLException {
		ScatterGather sg = fixture.store().scatterGather();
		assertRows(sg.aggregate(AggregateQuery.from("orders").count("n").sum("amount", "total").avg("amount", "mean")
			.min("amount", "low").max("created_at", "latest")),
				"SELECT COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS low,"
						+ " MAX(created_at) AS latest FROM orders");
		assertRows(sg.aggregate(AggregateQuery.from("orders").where("status = ?", "NOPE").count("n").sum("amount", "total")
			.avg("amount", "mean").min("amount", "low")),
				"SELECT COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS low FROM orders"
						+ " WHERE status = 'NOPE'");
		assertRows(sg.aggregate(AggregateQuery.from("orders").groupBy("status").count("n").sum("amount", "total")
			.avg("amount", "mean").min("amount", "low").max("amount", "high")),
				"SELECT status, COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean, MIN(amount) AS low,"
						+ " MAX(amount) AS high FROM orders GROUP BY status ORDER BY status");
		assertRows(sg.aggregate(AggregateQuery.from("orders").groupBy("status", "currency").count("n")
			.sum("amount", "total").orderBy("total", SortOrder.DESC).limit(3)),
				"SELECT status, currency, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY status, currency"
						+ " ORDER BY total DESC LIMIT 3");
		// 10k groups, each user's orders spread over... one set; top spenders page 2
		assertRows(sg.aggregate(AggregateQuery.from("orders").groupBy("user_id").count("n").sum("amount", "total")
			.avg("amount", "mean").orderBy("total", SortOrder.DESC).orderBy("user_id").offset(10).limit(10)),
				"SELECT user_id, COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS mean FROM orders GROUP BY user_id"
						+ " ORDER BY total DESC, user_id LIMIT 10 OFFSET 10");
		assertRows(sg.aggregate(AggregateQuery.from("orders").groupBy("currency").count("n")
			.having((row) -> row.getLong("n") > 16_000).orderBy("currency")),
				"SELECT currency, COUNT(*) AS n FROM orders GROUP BY currency HAVING n > 16000 ORDER BY currency");
	}

	@Test
	void scatterGatherSpreadsOverEverySetAndIsCounted() {
		ShardedStore store = fixture.store();
		long fanOuts = store.statistics().fanOuts();
		Map<String, Long> before = new HashMap<>();
		store.setNames().forEach((s) -> before.put(s, store.statistics().queries(s, QueryKind.SCATTER)));
		store.scatterGather().aggregate(AggregateQuery.from("orders").count("n"));
		store.setNames()
			.forEach((s) -> assertThat(store.statistics().queries(s, QueryKind.SCATTER)).isEqualTo(before.get(s) + 1));
		assertThat(store.statistics().fanOuts()).isEqualTo(fanOuts + 1);
	}

	private static void assertRows(List<Row> actual, String referenceSql) throws SQLException {
		List<Map<String, Object>> expected = new ArrayList<>();
		try (Connection c = reference.getConnection();
				PreparedStatement ps = c.prepareStatement(referenceSql);
				ResultSet rs = ps.executeQuery()) {
			ResultSetMetaData meta = rs.getMetaData();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					row.put(meta.getColumnLabel(i), rs.getObject(i));
				}
				expected.add(row);
			}
		}
		assertThat(expected).as("reference rows of %s", referenceSql).isNotEmpty();
		assertThat(actual.stream().map(Row::asMap).toList()).as(referenceSql).isEqualTo(expected);
	}

	static List<List<Object>> select(javax.sql.DataSource ds, String sql) throws SQLException {
		List<List<Object>> rows = new ArrayList<>();
		try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				List<Object> row = new ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					row.add(rs.getObject(i));
				}
				rows.add(row);
			}
		}
		return rows;
	}

}
