package io.github.reliablemessaging.sharding.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardingException;

/** Reads and writes the routing in the metadata database. */
public final class Metadata {

	private final DataSource dataSource;

	/** @param dataSource the metadata database */
	public Metadata(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** @return the metadata database */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * @return the routing version; 0 while the store is not initialised
	 * @throws SQLException when the metadata database does not answer
	 */
	public long version() throws SQLException {
		try (Connection c = this.dataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1")) {
			return rs.next() ? rs.getLong(1) : 0;
		}
	}

	/**
	 * Reads version and routing rows in one consistent snapshot.
	 * @param slots the slot count the routing must cover
	 * @return the routing
	 * @throws SQLException when the metadata database does not answer
	 */
	public RoutingTable routing(int slots) throws SQLException {
		try (Connection c = this.dataSource.getConnection()) {
			c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			boolean autoCommit = c.getAutoCommit();
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
				long version;
				try (ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1")) {
					version = rs.next() ? rs.getLong(1) : 0;
				}
				String[] setOfSlot = new String[slots];
				try (ResultSet rs = s.executeQuery("SELECT slot, set_name FROM shard_routing")) {
					while (rs.next()) {
						int slot = rs.getInt(1);
						if (slot < 0 || slot >= slots) {
							throw new ShardingException("The routing has slot " + slot + " but the store has " + slots
									+ " slots");
						}
						setOfSlot[slot] = rs.getString(2);
					}
				}
				c.commit();
				for (int slot = 0; slot < slots; slot++) {
					if (setOfSlot[slot] == null) {
						throw new ShardingException("The routing (version " + version + ") has no set for slot " + slot);
					}
				}
				return new RoutingTable(version, setOfSlot);
			}
			finally {
				c.setAutoCommit(autoCommit);
			}
		}
	}

	/**
	 * @return the stored facts of the store ({@code slots}, {@code hash})
	 * @throws SQLException when the metadata database does not answer
	 */
	public Map<String, String> config() throws SQLException {
		Map<String, String> config = new LinkedHashMap<>();
		try (Connection c = this.dataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT name, value FROM shard_config ORDER BY name")) {
			while (rs.next()) {
				config.put(rs.getString(1), rs.getString(2));
			}
		}
		return config;
	}

	/**
	 * @return the registered sets
	 * @throws SQLException when the metadata database does not answer
	 */
	public List<String> sets() throws SQLException {
		List<String> sets = new java.util.ArrayList<>();
		try (Connection c = this.dataSource.getConnection();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT name FROM shard_set ORDER BY name")) {
			while (rs.next()) {
				sets.add(rs.getString(1));
			}
		}
		return sets;
	}

	/**
	 * Registers a set unless it is known.
	 * @param set the set's name
	 * @throws SQLException when the metadata database does not answer
	 */
	public void registerSet(String set) throws SQLException {
		try (Connection c = this.dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO shard_set (name) VALUES (?)")) {
			ps.setString(1, set);
			ps.executeUpdate();
		}
	}

	/**
	 * Writes the initial routing in one transaction: config, sets, one row per slot, version 1. Only while the version
	 * is still 0 (checked under a row lock), so that concurrent starters initialise once.
	 * @param slots the slot count
	 * @param hash the slot function's name
	 * @param routing the initial assignment, index = slot
	 * @return true when this call initialised the store, false when another one already had
	 * @throws SQLException when the metadata database does not answer
	 */
	public boolean initialise(int slots, String hash, String[] routing) throws SQLException {
		try (Connection c = this.dataSource.getConnection()) {
			boolean autoCommit = c.getAutoCommit();
			c.setAutoCommit(false);
			try {
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1 FOR UPDATE")) {
					if (rs.next() && rs.getLong(1) != 0) {
						c.rollback();
						return false;
					}
				}
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO shard_config (name, value) VALUES (?, ?)")) {
					ps.setString(1, "slots");
					ps.setString(2, Integer.toString(slots));
					ps.addBatch();
					ps.setString(1, "hash");
					ps.setString(2, hash);
					ps.addBatch();
					ps.executeBatch();
				}
				try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO shard_set (name) VALUES (?)")) {
					for (String set : new java.util.TreeSet<>(List.of(routing))) {
						ps.setString(1, set);
						ps.addBatch();
					}
					ps.executeBatch();
				}
				try (PreparedStatement ps = c
					.prepareStatement("INSERT INTO shard_routing (slot, set_name, version) VALUES (?, ?, 1)")) {
					for (int slot = 0; slot < routing.length; slot++) {
						ps.setInt(1, slot);
						ps.setString(2, routing[slot]);
						ps.addBatch();
					}
					ps.executeBatch();
				}
				try (Statement s = c.createStatement()) {
					s.executeUpdate("UPDATE shard_routing_version SET version = 1, changed_at = CURRENT_TIMESTAMP(3) WHERE id = 1");
				}
				c.commit();
				return true;
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				throw ex;
			}
			finally {
				c.setAutoCommit(autoCommit);
			}
		}
	}

}
