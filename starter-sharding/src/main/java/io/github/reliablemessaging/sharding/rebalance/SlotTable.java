package io.github.reliablemessaging.sharding.rebalance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import io.github.reliablemessaging.sharding.ShardingException;

/**
 * One sharded table as the mover sees it: columns in ordinal order (the order of binlog row images), the primary key,
 * and the SQL that copies, re-reads, deletes and checksums the rows of one slot on any set.
 *
 * <p>Values travel as JDBC objects, except date-time columns, which are read and bound as text: Connector/J drops
 * fractional seconds it binds on MariaDB (it takes it for MySQL 5.5), text keeps them on both servers.
 */
final class SlotTable {

	private static final Set<String> TEMPORAL = Set.of("date", "time", "datetime", "timestamp", "year");

	private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum",
			"set", "json");

	private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
			"bit");

	final String name;

	final List<String> columns;

	final List<String> types;

	final List<String> primaryKey;

	final int[] primaryKeyIndexes;

	final int slotIndex;

	/**
	 * Whether primary keys can be ordered here exactly as the server orders them: every key column a signed integer
	 * or a VARBINARY (the copy then reads ahead; see {@link SlotMover}).
	 */
	final boolean keysOrderedHere;

	private final String columnList;

	// not tinyint: Connector/J reads TINYINT(1) as Boolean
	private static final Set<String> INTEGERS = Set.of("smallint", "mediumint", "int", "bigint");

	private SlotTable(String name, List<String> columns, List<String> types, List<String> primaryKey, String slotColumn,
			boolean unsignedKey) {
		this.name = name;
		this.columns = List.copyOf(columns);
		this.types = List.copyOf(types);
		this.primaryKey = List.copyOf(primaryKey);
		this.primaryKeyIndexes = primaryKey.stream().mapToInt(columns::indexOf).toArray();
		this.slotIndex = columns.indexOf(slotColumn);
		this.columnList = String.join(", ", columns.stream().map(SlotTable::quote).toList());
		this.keysOrderedHere = !unsignedKey && !primaryKey.isEmpty() && primaryKey.stream()
			.map((k) -> types.get(columns.indexOf(k)))
			.allMatch((type) -> INTEGERS.contains(type) || type.equals("varbinary"));
		if (this.primaryKey.isEmpty()) {
			throw new ShardingException("Sharded table '" + name + "' has no primary key: its rows cannot be moved");
		}
		if (this.slotIndex < 0) {
			throw new ShardingException("Sharded table '" + name + "' has no column '" + slotColumn + "'");
		}
	}

	/**
	 * Reads a table's columns and primary key from the set's catalogue.
	 * @param c a connection to the set
	 * @param table table name
	 * @param slotColumn the slot column
	 * @return the table
	 * @throws SQLException when the set does not answer
	 */
	static SlotTable read(Connection c, String table, String slotColumn) throws SQLException {
		List<String> columns = new ArrayList<>();
		List<String> types = new ArrayList<>();
		List<Boolean> unsigned = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM"
				+ " information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
			ps.setString(1, table);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
					types.add(rs.getString(2).toLowerCase(Locale.ROOT));
					unsigned.add(rs.getString(3).toLowerCase(Locale.ROOT).contains("unsigned"));
				}
			}
		}
		List<String> primaryKey = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS"
				+ " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
			ps.setString(1, table);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					primaryKey.add(rs.getString(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		if (columns.isEmpty()) {
			throw new ShardingException("Sharded table '" + table + "' is missing on the set");
		}
		boolean unsignedKey = primaryKey.stream().anyMatch((k) -> columns.contains(k) && unsigned.get(columns.indexOf(k)));
		return new SlotTable(table.toLowerCase(Locale.ROOT), columns, types, primaryKey, slotColumn.toLowerCase(Locale.ROOT),
				unsignedKey);
	}

	private static String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	private boolean temporal(int index) {
		return TEMPORAL.contains(this.types.get(index));
	}

	// ---- reading and writing rows

	Object[] readRow(ResultSet rs) throws SQLException {
		Object[] row = new Object[this.columns.size()];
		for (int i = 0; i < row.length; i++) {
			row[i] = temporal(i) ? rs.getString(i + 1) : BINARY.contains(this.types.get(i)) ? rs.getBytes(i + 1)
					: rs.getObject(i + 1);
		}
		return row;
	}

	PrimaryKey keyOf(Object[] row) {
		Object[] key = new Object[this.primaryKeyIndexes.length];
		for (int i = 0; i < key.length; i++) {
			key[i] = row[this.primaryKeyIndexes[i]];
		}
		return new PrimaryKey(key);
	}

	private String keyColumns() {
		return (this.primaryKey.size() == 1) ? quote(this.primaryKey.get(0))
				: "(" + String.join(", ", this.primaryKey.stream().map(SlotTable::quote).toList()) + ")";
	}

	private String keyPlaceholder() {
		return (this.primaryKey.size() == 1) ? "?" : "(" + String.join(", ", java.util.Collections.nCopies(this.primaryKey.size(), "?")) + ")";
	}

	private static int bindKey(PreparedStatement ps, int index, PrimaryKey key) throws SQLException {
		for (Object value : key.values()) {
			ps.setObject(index++, value);
		}
		return index;
	}

	/** WHERE condition for a slot's rows with keys in {@code (after, upTo]}; a null bound is left open. */
	private String slotRange(PrimaryKey after, PrimaryKey upTo) {
		return quote(slotColumn()) + " = ?" + ((after != null) ? " AND " + keyColumns() + " > " + keyPlaceholder() : "")
				+ ((upTo != null) ? " AND " + keyColumns() + " <= " + keyPlaceholder() : "");
	}

	/** Binds the parameters of {@link #slotRange}: the slot, then the bounds that are not null. */
	private static void bindSlotRange(PreparedStatement ps, int slot, PrimaryKey after, PrimaryKey upTo)
			throws SQLException {
		ps.setInt(1, slot);
		int index = 2;
		if (after != null) {
			index = bindKey(ps, index, after);
		}
		if (upTo != null) {
			bindKey(ps, index, upTo);
		}
	}

	/**
	 * The next chunk of a slot's rows in primary-key order.
	 * @param c connection to the set
	 * @param slot the slot
	 * @param after the last key of the previous chunk, or null for the first
	 * @param limit most rows
	 * @return the rows
	 * @throws SQLException when the set does not answer
	 */
	List<Object[]> chunk(Connection c, int slot, PrimaryKey after, int limit) throws SQLException {
		String sql = "SELECT " + this.columnList + " FROM " + quote(this.name) + " WHERE " + slotRange(after, null)
				+ " ORDER BY " + String.join(", ", this.primaryKey.stream().map(SlotTable::quote).toList()) + " LIMIT " + limit;
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			bindSlotRange(ps, slot, after, null);
			return rows(ps);
		}
	}

	private List<Object[]> rows(PreparedStatement ps) throws SQLException {
		List<Object[]> rows = new ArrayList<>();
		try (ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				rows.add(readRow(rs));
			}
		}
		return rows;
	}

	/**
	 * The current rows of some keys (absent keys have no row).
	 * @param c connection to the set
	 * @param keys the keys
	 * @return rows by key
	 * @throws SQLException when the set does not answer
	 */
	Map<PrimaryKey, Object[]> byKeys(Connection c, Collection<PrimaryKey> keys) throws SQLException {
		Map<PrimaryKey, Object[]> found = new HashMap<>();
		List<PrimaryKey> all = new ArrayList<>(keys);
		for (int from = 0; from < all.size(); from += 500) {
			List<PrimaryKey> part = all.subList(from, Math.min(all.size(), from + 500));
			StringJoiner in = new StringJoiner(", ", "(", ")");
			part.forEach((k) -> in.add(keyPlaceholder()));
			try (PreparedStatement ps = c.prepareStatement("SELECT " + this.columnList + " FROM " + quote(this.name)
					+ " WHERE " + keyColumns() + " IN " + in)) {
				int index = 1;
				for (PrimaryKey key : part) {
					index = bindKey(ps, index, key);
				}
				for (Object[] row : rows(ps)) {
					found.put(keyOf(row), row);
				}
			}
		}
		return found;
	}

	/**
	 * Inserts or overwrites rows (by primary key), in one batch on the caller's transaction.
	 * @param c connection to the set
	 * @param rows the rows
	 * @throws SQLException when the set refuses
	 */
	void upsert(Connection c, Collection<Object[]> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		StringJoiner values = new StringJoiner(", ", "(", ")");
		this.columns.forEach((col) -> values.add("?"));
		StringJoiner updates = new StringJoiner(", ");
		for (String column : this.columns) {
			if (!this.primaryKey.contains(column)) {
				updates.add(quote(column) + " = VALUES(" + quote(column) + ")");
			}
		}
		String sql = "INSERT INTO " + quote(this.name) + " (" + this.columnList + ") VALUES " + values
				+ ((updates.length() > 0) ? " ON DUPLICATE KEY UPDATE " + updates
						: " ON DUPLICATE KEY UPDATE " + quote(this.primaryKey.get(0)) + " = " + quote(this.primaryKey.get(0)));
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			for (Object[] row : rows) {
				for (int i = 0; i < row.length; i++) {
					if (temporal(i) && row[i] != null) {
						ps.setString(i + 1, row[i].toString());
					}
					else {
						ps.setObject(i + 1, row[i]);
					}
				}
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	/**
	 * Deletes rows by primary key, in one batch on the caller's transaction.
	 * @param c connection to the set
	 * @param keys the keys
	 * @throws SQLException when the set refuses
	 */
	void delete(Connection c, Collection<PrimaryKey> keys) throws SQLException {
		if (keys.isEmpty()) {
			return;
		}
		StringJoiner where = new StringJoiner(" AND ");
		this.primaryKey.forEach((col) -> where.add(quote(col) + " = ?"));
		try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + quote(this.name) + " WHERE " + where)) {
			for (PrimaryKey key : keys) {
				bindKey(ps, 1, key);
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	/**
	 * Deletes up to {@code limit} rows of a slot (auto-commit: one small transaction).
	 * @param c connection to the set
	 * @param slot the slot
	 * @param limit most rows
	 * @return rows deleted
	 * @throws SQLException when the set refuses
	 */
	int deleteSlotBatch(Connection c, int slot, int limit) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + quote(this.name) + " WHERE " + quote(slotColumn())
				+ " = ? ORDER BY " + String.join(", ", this.primaryKey.stream().map(SlotTable::quote).toList()) + " LIMIT "
				+ limit)) {
			ps.setInt(1, slot);
			return ps.executeUpdate();
		}
	}

	long count(Connection c, int slot) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + quote(this.name) + " WHERE "
				+ quote(slotColumn()) + " = ?")) {
			ps.setInt(1, slot);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	// ---- checksums

	/**
	 * The key that ends a chunk of {@code size} rows after {@code after}, or null when fewer rows are left.
	 */
	PrimaryKey chunkEnd(Connection c, int slot, PrimaryKey after, int size) throws SQLException {
		String keys = String.join(", ", this.primaryKey.stream().map(SlotTable::quote).toList());
		String sql = "SELECT " + keys + " FROM " + quote(this.name) + " WHERE " + slotRange(after, null) + " ORDER BY "
				+ keys + " LIMIT 1 OFFSET " + (size - 1);
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			bindSlotRange(ps, slot, after, null);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) {
					return null;
				}
				Object[] key = new Object[this.primaryKey.size()];
				for (int i = 0; i < key.length; i++) {
					key[i] = BINARY.contains(this.types.get(this.primaryKeyIndexes[i])) ? rs.getBytes(i + 1)
							: temporal(this.primaryKeyIndexes[i]) ? rs.getString(i + 1) : rs.getObject(i + 1);
				}
				return new PrimaryKey(key);
			}
		}
	}

	/**
	 * {@code COUNT(*)} and {@code BIT_XOR(CRC32(...))} over the rows of a slot with keys in {@code (after, upTo]}:
	 * every column in text form ({@code CONCAT_WS('#', ...)}, text columns converted to utf8mb4, binary ones as hex)
	 * followed by one NULL marker per column, so that NULL and '' differ and a NULL cannot shift the others.
	 * @return {count, checksum}
	 */
	long[] checksum(Connection c, int slot, PrimaryKey after, PrimaryKey upTo) throws SQLException {
		StringJoiner parts = new StringJoiner(", ", "CONCAT_WS('#', ", ")");
		StringJoiner nulls = new StringJoiner(", ", "CONCAT(", ")");
		for (int i = 0; i < this.columns.size(); i++) {
			String col = quote(this.columns.get(i));
			String type = this.types.get(i);
			parts.add(TEXT.contains(type) ? "CONVERT(" + col + " USING utf8mb4)" : BINARY.contains(type) ? "HEX(" + col + ")"
					: col);
			nulls.add("ISNULL(" + col + ")");
		}
		parts.add(nulls.toString());
		String sql = "SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(" + parts + ")), 0) FROM " + quote(this.name) + " WHERE "
				+ slotRange(after, upTo);
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			bindSlotRange(ps, slot, after, upTo);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return new long[] { rs.getLong(1), rs.getLong(2) };
			}
		}
	}

	/** Rows of a slot with keys in {@code (after, upTo]}, for re-copying a chunk whose checksums differ. */
	List<Object[]> range(Connection c, int slot, PrimaryKey after, PrimaryKey upTo) throws SQLException {
		String sql = "SELECT " + this.columnList + " FROM " + quote(this.name) + " WHERE " + slotRange(after, upTo);
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			bindSlotRange(ps, slot, after, upTo);
			return rows(ps);
		}
	}

	/**
	 * Orders two keys as the server does; only for tables whose {@link #keysOrderedHere} is true.
	 * @return negative, zero or positive
	 */
	int compare(PrimaryKey a, PrimaryKey b) {
		for (int i = 0; i < a.values().length; i++) {
			Object x = a.values()[i];
			Object y = b.values()[i];
			int c;
			if (x instanceof byte[] bx && y instanceof byte[] by) {
				c = Arrays.compareUnsigned(bx, by);
			}
			else if (x instanceof Number nx && y instanceof Number ny) {
				c = Long.compare(nx.longValue(), ny.longValue());
			}
			else {
				throw new IllegalStateException("cannot order key values " + x + " and " + y + " of table " + this.name);
			}
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	private String slotColumn() {
		return this.columns.get(this.slotIndex);
	}

	/**
	 * A primary key value (one value per key column), comparable by content (byte arrays included).
	 *
	 * @param values the key's column values
	 */
	record PrimaryKey(Object[] values) {

		@Override
		public boolean equals(Object other) {
			return other instanceof PrimaryKey key && Arrays.deepEquals(this.values, key.values);
		}

		@Override
		public int hashCode() {
			return Arrays.deepHashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.deepToString(this.values);
		}

	}

}
