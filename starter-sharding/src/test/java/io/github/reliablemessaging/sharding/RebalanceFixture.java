package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.testsupport.RealMySql;

/**
 * Sets for the rebalancing tests: a store initialised on sets a and b, then started again with a third set c that
 * owns no slot yet (as an operator adds a set), all on servers writing a ROW binlog.
 */
public final class RebalanceFixture implements AutoCloseable {

	private final TestSets.Fixture fixture;

	private RebalanceFixture(TestSets.Fixture fixture) {
		this.fixture = fixture;
	}

	/**
	 * Initialises a store on sets a and b (metadata beside a) and leaves it stopped, with set c's schema absent.
	 * @return the servers of a, b and c
	 */
	public static Map<String, RealMySql> initialise(String prefix) {
		return initialise(prefix, TestSets.binlogServers());
	}

	static Map<String, RealMySql> initialise(String prefix, List<RealMySql> servers) {
		TestSets.store(prefix, servers, 2, (s) -> s).close();
		TestSets.drop(servers.get(2), prefix + "_c");
		servers.get(2).createDatabase(prefix + "_c");
		Map<String, RealMySql> hosts = new LinkedHashMap<>();
		hosts.put("a", servers.get(0));
		hosts.put("b", servers.get(1));
		hosts.put("c", servers.get(2));
		return hosts;
	}

	public static RebalanceFixture start(String prefix) {
		return start(prefix, null);
	}

	/**
	 * @param ddl a statement run on every set before the store starts (e.g. another sharded table), or null
	 */
	public static RebalanceFixture start(String prefix, String ddl) {
		return start(prefix, ddl, TestSets.binlogServers());
	}

	/** The same on the module's shared servers, which write no binlog. */
	public static RebalanceFixture startWithoutBinlog(String prefix) {
		return start(prefix, null, TestSets.shared());
	}

	private static RebalanceFixture start(String prefix, String ddl, List<RealMySql> servers) {
		Map<String, RealMySql> hosts = initialise(prefix, servers);
		if (ddl != null) {
			hosts.forEach((name, server) -> {
				try (Connection c = server.connect(prefix + "_" + name); Statement s = c.createStatement()) {
					s.execute(ddl);
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		return new RebalanceFixture(TestSets.attach(prefix, hosts,
				(s) -> s.withTimings(Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofMillis(2))));
	}

	/** A second router over the same databases that never polls the routing: it learns only from fencing refusals. */
	public ShardedStore staleRouter(String prefix) {
		return TestSets.attach(prefix, this.fixture.servers(),
				(s) -> s.withTimings(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofMillis(2))).store();
	}

	public ShardedStore store() {
		return this.fixture.store();
	}

	public Map<String, RealMySql> servers() {
		return this.fixture.servers();
	}

	/** The orders insert the rebalancing writers use: id, slot, user, amount. */
	public static final String INSERT_ORDER = "INSERT INTO orders (id, slot, user_id, status, currency, amount, created_at)"
			+ " VALUES (?, ?, ?, 'NEW', 'EUR', ?, '2025-01-01 00:00:00.123')";

	/**
	 * One write transaction routed (and fenced) by the store for a shard key, as the application writes.
	 * @param store the store (possibly a stale router)
	 * @param shardKey the shard key the transaction is bound to
	 * @param sql one INSERT, UPDATE or DELETE statement
	 * @param params its parameters, in order
	 * @return the statement's update count
	 * @throws SQLException when the write fails (after the store's retries on a moved or frozen slot)
	 */
	public static int write(ShardedStore store, long shardKey, String sql, Object... params) throws SQLException {
		return store.execute(shardKey, () -> {
			try (Connection c = store.dataSource().getConnection()) {
				c.setAutoCommit(false);
				int changed;
				try (PreparedStatement ps = c.prepareStatement(sql)) {
					for (int i = 0; i < params.length; i++) {
						ps.setObject(i + 1, params[i]);
					}
					changed = ps.executeUpdate();
				}
				c.commit();
				return changed;
			}
		});
	}

	/** Inserts rows straight into the owning sets (multi-row batches), one user per row. */
	public void preload(List<Long> users, int rowsPerUser, java.util.concurrent.atomic.AtomicLong ids, Map<Long, Object[]> reference) throws SQLException {
		ShardedStore store = store();
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
			try (Connection c = store.setDataSource(e.getKey()).getConnection()) {
				c.setAutoCommit(false);
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
						+ " created_at) VALUES (?, ?, ?, ?, 'EUR', ?, '2025-01-01 00:00:00.123')")) {
					int n = 0;
					for (Object[] row : e.getValue()) {
						for (int i = 0; i < row.length; i++) {
							ps.setObject(i + 1, row[i]);
						}
						ps.addBatch();
						if (++n % 2000 == 0) {
							ps.executeBatch();
							c.commit();
						}
					}
					ps.executeBatch();
				}
				c.commit();
			}
		}
	}

	/** Every orders row of every set: id -> {set, slot, user, status, amount}; a second copy of an id fails. */
	public Map<Long, Object[]> allRows() throws SQLException {
		Map<Long, Object[]> found = new HashMap<>();
		for (String set : store().setNames()) {
			try (Connection c = store().setDataSource(set).getConnection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT id, slot, user_id, status, amount, created_at FROM orders")) {
				while (rs.next()) {
					Object[] row = { set, rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getBigDecimal(5), rs.getString(6) };
					Object[] before = found.put(rs.getLong(1), row);
					if (before != null) {
						throw new AssertionError("order " + rs.getLong(1) + " is on set " + before[0] + " and on set " + set);
					}
				}
			}
		}
		return found;
	}

	public long rowsOfSlot(String set, int slot) throws SQLException {
		try (Connection c = store().setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE slot = " + slot)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	public String ownerState(String set, int slot) throws SQLException {
		try (Connection c = store().setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT state FROM slot_owner WHERE slot = " + slot)) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	/** COUNT and BIT_XOR(CRC32) of a slot's orders rows on a set, the whole row. */
	public String checksum(String set, int slot) throws SQLException {
		try (Connection c = store().setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(CONCAT_WS('#', id, slot, user_id, status,"
						+ " currency, amount, created_at))), 0) FROM orders WHERE slot = " + slot)) {
			rs.next();
			return rs.getLong(1) + "/" + rs.getLong(2);
		}
	}

	@Override
	public void close() {
		this.fixture.close();
	}

}
