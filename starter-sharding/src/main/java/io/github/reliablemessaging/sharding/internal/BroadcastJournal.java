package io.github.reliablemessaging.sharding.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The {@code broadcast_repair} table in the metadata database: a broadcast write is journalled for every set before
 * it is tried, and its row deleted once the set has it. Writers and the repair job serialise on a named lock, so
 * every set applies broadcast writes in one order.
 */
public final class BroadcastJournal {

	static final String LOCK = "reliable_sharding_broadcast";

	private final DataSource metadata;

	/** @param metadata the metadata database */
	public BroadcastJournal(DataSource metadata) {
		this.metadata = metadata;
	}

	/** @return a connection of the metadata database */
	public Connection connect() throws SQLException {
		return this.metadata.getConnection();
	}

	/**
	 * @param c a metadata connection
	 * @param seconds how long to wait
	 * @return true when the lock was taken
	 */
	public static boolean lock(Connection c, int seconds) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
			ps.setString(1, LOCK);
			ps.setInt(2, seconds);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() && rs.getInt(1) == 1;
			}
		}
	}

	/** @param c the connection holding the lock */
	public static void unlock(Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
			ps.setString(1, LOCK);
			ps.executeQuery().close();
		}
	}

	/**
	 * Journals a write for every set (one commit).
	 * @return set -> journal id
	 */
	public static Map<String, Long> record(Connection c, String writeId, List<String> sets, String sql, String params)
			throws SQLException {
		Map<String, Long> ids = new LinkedHashMap<>();
		boolean autoCommit = c.getAutoCommit();
		c.setAutoCommit(false);
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO broadcast_repair (write_id, set_name, sql_text, params)"
				+ " VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
			for (String set : sets) {
				ps.setString(1, writeId);
				ps.setString(2, set);
				ps.setString(3, sql);
				ps.setString(4, params);
				ps.executeUpdate();
				try (ResultSet keys = ps.getGeneratedKeys()) {
					keys.next();
					ids.put(set, keys.getLong(1));
				}
			}
			c.commit();
		}
		catch (SQLException ex) {
			c.rollback();
			throw ex;
		}
		finally {
			c.setAutoCommit(autoCommit);
		}
		return ids;
	}

	/** @return true when the set has journal rows older than {@code id} */
	public static boolean hasOlder(Connection c, String set, long id) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM broadcast_repair WHERE set_name = ? AND id < ? LIMIT 1")) {
			ps.setString(1, set);
			ps.setLong(2, id);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next();
			}
		}
	}

	/** Marks a journal row done by deleting it. */
	public static void done(Connection c, long id) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("DELETE FROM broadcast_repair WHERE id = ?")) {
			ps.setLong(1, id);
			ps.executeUpdate();
		}
	}

	/** Records a failed attempt. */
	public static void failed(Connection c, long id, String error) throws SQLException {
		try (PreparedStatement ps = c
			.prepareStatement("UPDATE broadcast_repair SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
			ps.setString(1, (error.length() > 1000) ? error.substring(0, 1000) : error);
			ps.setLong(2, id);
			ps.executeUpdate();
		}
	}

	/** A journalled write still to apply. */
	public record Entry(long id, String writeId, String set, String sql, String params, int attempts) {
	}

	/** @return the set's journal rows in order */
	public static List<Entry> pending(Connection c, String set) throws SQLException {
		List<Entry> entries = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("SELECT id, write_id, set_name, sql_text, params, attempts"
				+ " FROM broadcast_repair WHERE set_name = ? ORDER BY id")) {
			ps.setString(1, set);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
							rs.getInt(6)));
				}
			}
		}
		return entries;
	}

	/** @return journal rows per set */
	public Map<String, Long> counts() throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection c = connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT set_name, COUNT(*) FROM broadcast_repair GROUP BY set_name ORDER BY set_name")) {
			while (rs.next()) {
				counts.put(rs.getString(1), rs.getLong(2));
			}
		}
		return counts;
	}

}
