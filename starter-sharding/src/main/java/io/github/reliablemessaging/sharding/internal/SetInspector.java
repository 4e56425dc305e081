package io.github.reliablemessaging.sharding.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.ShardingException;

/**
 * Finds the application's tables on the sets and checks the rules of sharded tables: a table with the slot column is
 * sharded; it needs an index that starts with the slot column (so a slot can be copied, checked and deleted on its
 * own) and no AUTO_INCREMENT column (rows move between sets). Every set must have the same tables.
 */
public final class SetInspector {

	private static final Set<String> OWN_TABLES = Set.of("slot_owner", SchemaMigrations.SET_HISTORY,
			SchemaMigrations.METADATA_HISTORY);

	private final Map<String, DataSource> sets;

	private final String slotColumn;

	private final String appHistory;

	/**
	 * @param sets configured sets
	 * @param slotColumn the slot column's name
	 * @param appHistory the Flyway history table of the application's migrations
	 */
	public SetInspector(Map<String, DataSource> sets, String slotColumn, String appHistory) {
		this.sets = sets;
		this.slotColumn = slotColumn;
		this.appHistory = appHistory.toLowerCase(Locale.ROOT);
	}

	/** @return the tables found, identical on every set */
	public TableCatalog catalog() {
		TableCatalog first = null;
		String firstSet = null;
		for (Map.Entry<String, DataSource> set : this.sets.entrySet()) {
			TableCatalog catalog = inspect(set.getKey(), set.getValue());
			if (first == null) {
				first = catalog;
				firstSet = set.getKey();
			}
			else if (!first.equals(catalog)) {
				throw new ShardingException("Sets '" + firstSet + "' and '" + set.getKey() + "' have different tables: "
						+ first + " vs " + catalog + "; every set must be migrated with the same migrations");
			}
		}
		return (first != null) ? first : TableCatalog.empty();
	}

	private TableCatalog inspect(String set, DataSource ds) {
		try (Connection c = ds.getConnection()) {
			Set<String> all = strings(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
					+ " AND TABLE_TYPE = 'BASE TABLE'");
			Set<String> sharded = strings(c, "SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
					+ " DATABASE() AND COLUMN_NAME = ?", this.slotColumn);
			sharded.removeAll(OWN_TABLES);
			Set<String> indexed = strings(c, "SELECT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA ="
					+ " DATABASE() AND COLUMN_NAME = ? AND SEQ_IN_INDEX = 1", this.slotColumn);
			List<String> problems = new ArrayList<>();
			for (String table : sharded) {
				if (!indexed.contains(table)) {
					problems.add(table + " has no index starting with (" + this.slotColumn + ") — add e.g. KEY (" + this.slotColumn
							+ ", id)");
				}
			}
			Set<String> autoIncrement = strings(c, "SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
					+ " DATABASE() AND EXTRA LIKE '%auto_increment%'");
			for (String table : sharded) {
				if (autoIncrement.contains(table)) {
					problems.add(table + " has an AUTO_INCREMENT column — sharded rows move between sets, generate ids in"
							+ " the application (SlotIdGenerator)");
				}
			}
			if (!problems.isEmpty()) {
				throw new ShardingException("Sharded tables on set '" + set + "' break the rules: " + problems);
			}
			Set<String> broadcast = new TreeSet<>(all);
			broadcast.removeAll(sharded);
			broadcast.removeAll(OWN_TABLES);
			broadcast.remove(this.appHistory);
			broadcast.removeIf((t) -> t.startsWith("reliable_sharding_") || t.startsWith("flyway_schema_history"));
			return new TableCatalog(Set.copyOf(sharded), Set.copyOf(broadcast));
		}
		catch (SQLException ex) {
			throw new ShardingException("Could not read the tables of set '" + set + "': " + ex.getMessage(), ex);
		}
	}

	private static Set<String> strings(Connection c, String sql, String... params) throws SQLException {
		Set<String> out = new TreeSet<>();
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				ps.setString(i + 1, params[i]);
			}
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					out.add(rs.getString(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		return out;
	}

}
