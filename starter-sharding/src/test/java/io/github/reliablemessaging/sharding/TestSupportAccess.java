package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.github.reliablemessaging.testsupport.RealMySql;

/** Test helpers for tests outside this package. */
public final class TestSupportAccess {

	private TestSupportAccess() {
	}

	public static List<RealMySql> servers() {
		return TestSets.shared();
	}

	public static void recreate(RealMySql server, String database) {
		TestSets.drop(server, database);
		server.createDatabase(database);
	}

	/** A slot move's flip done by hand: routing to the target (version + 1), target OWNED, source MOVED. */
	public static void moveSlot(ShardedStore store, int slot, String from, String to) throws SQLException {
		long version;
		try (Connection c = store.metadataDataSource().getConnection()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				var rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1 FOR UPDATE");
				rs.next();
				version = rs.getLong(1) + 1;
				s.executeUpdate("UPDATE shard_routing SET set_name = '" + to + "', version = " + version + " WHERE slot = " + slot);
				s.executeUpdate("UPDATE shard_routing_version SET version = " + version + " WHERE id = 1");
			}
			c.commit();
		}
		try (Connection c = store.setDataSource(to).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("INSERT INTO slot_owner (slot, state, version) VALUES (" + slot + ", 'OWNED', " + version
					+ ") ON DUPLICATE KEY UPDATE state = 'OWNED', version = " + version);
		}
		try (Connection c = store.setDataSource(from).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE slot_owner SET state = 'MOVED', version = " + version + " WHERE slot = " + slot);
		}
	}

}
