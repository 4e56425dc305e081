package io.github.reliablemessaging.sharding.rebalance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/** {@code shard_rebalance} and {@code shard_move} in the metadata database. */
final class MoveJournal {

	private static final String MOVE_COLUMNS = "id, rebalance_id, slot, source_set, target_set, mode, step, binlog_file,"
			+ " binlog_pos, copy_table, copy_cursor, rows_total, rows_copied, changes_applied, chunks_verified,"
			+ " chunks_repaired, checksum_state, rows_deleted, freeze_ms, flip_version, error";

	private final DataSource metadata;

	MoveJournal(DataSource metadata) {
		this.metadata = metadata;
	}

	DataSource dataSource() {
		return this.metadata;
	}

	/**
	 * Creates a rebalance and its moves in one transaction, serialised with every routing change and every other
	 * start by the routing version's row lock.
	 * @throws IllegalStateException when the routing is not at the plan's version any more, or another rebalance is
	 * not finished
	 */
	void createRebalance(String id, Cutover cutover, Instant at, List<PlannedMove> moves, long routingVersion)
			throws SQLException {
		try (Connection c = this.metadata.getConnection()) {
			c.setAutoCommit(false);
			try {
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1 FOR UPDATE")) {
					long version = rs.next() ? rs.getLong(1) : -1;
					if (version != routingVersion) {
						throw new IllegalStateException("the routing changed since the plan (version " + routingVersion
								+ " -> " + version + "): plan again");
					}
				}
				try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, status FROM shard_rebalance"
						+ " WHERE status NOT IN ('DONE', 'ABORTED') LIMIT 1")) {
					if (rs.next()) {
						throw new IllegalStateException("rebalance " + rs.getString(1) + " is " + rs.getString(2)
								+ ": finish or abort it first");
					}
				}
				try (PreparedStatement ps = c.prepareStatement(
						"INSERT INTO shard_rebalance (id, status, cutover, cutover_at) VALUES (?, 'RUNNING', ?, ?)")) {
					ps.setString(1, id);
					ps.setString(2, cutover.name());
					ps.setObject(3, (at != null) ? at.toEpochMilli() : null);
					ps.executeUpdate();
				}
				try (PreparedStatement ps = c.prepareStatement("INSERT INTO shard_move (rebalance_id, slot, source_set,"
						+ " target_set, mode, step, rows_total) VALUES (?, ?, ?, ?, ?, 'PLANNED', ?)")) {
					for (PlannedMove move : moves) {
						ps.setString(1, id);
						ps.setInt(2, move.slot());
						ps.setString(3, move.from());
						ps.setString(4, move.to());
						ps.setString(5, move.mode().name());
						ps.setLong(6, move.rows());
						ps.addBatch();
					}
					ps.executeBatch();
				}
				c.commit();
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				throw ex;
			}
		}
	}

	Optional<RebalanceRow> rebalance(String id) throws SQLException {
		try (Connection c = this.metadata.getConnection();
				PreparedStatement ps = c.prepareStatement("SELECT id, status, cutover, cutover_at, created_at FROM"
						+ " shard_rebalance WHERE id = ?")) {
			ps.setString(1, id);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? Optional.of(rebalanceRow(rs)) : Optional.empty();
			}
		}
	}

	List<RebalanceRow> rebalances(int limit) throws SQLException {
		List<RebalanceRow> rows = new ArrayList<>();
		try (Connection c = this.metadata.getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT id, status, cutover, cutover_at, created_at FROM shard_rebalance"
						+ " ORDER BY created_at DESC, id LIMIT " + limit)) {
			while (rs.next()) {
				rows.add(rebalanceRow(rs));
			}
		}
		return rows;
	}

	private static RebalanceRow rebalanceRow(ResultSet rs) throws SQLException {
		long at = rs.getLong(4);
		boolean noCutover = rs.wasNull();
		return new RebalanceRow(rs.getString(1), rs.getString(2), Cutover.valueOf(rs.getString(3)),
				noCutover ? null : Instant.ofEpochMilli(at), rs.getTimestamp(5).toInstant());
	}

	void setRebalanceStatus(String id, String status) throws SQLException {
		try (Connection c = this.metadata.getConnection(); PreparedStatement ps = c.prepareStatement(
				"UPDATE shard_rebalance SET status = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
			ps.setString(1, status);
			ps.setString(2, id);
			ps.executeUpdate();
		}
	}

	void setCutoverAt(String id, Instant at) throws SQLException {
		try (Connection c = this.metadata.getConnection(); PreparedStatement ps = c.prepareStatement(
				"UPDATE shard_rebalance SET cutover_at = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
			ps.setLong(1, at.toEpochMilli());
			ps.setString(2, id);
			ps.executeUpdate();
		}
	}

	List<MoveRecord> moves(String rebalanceId) throws SQLException {
		try (Connection c = this.metadata.getConnection(); PreparedStatement ps = c.prepareStatement(
				"SELECT " + MOVE_COLUMNS + " FROM shard_move WHERE rebalance_id = ? ORDER BY id")) {
			ps.setString(1, rebalanceId);
			return moves(ps);
		}
	}

	/** @return moves not finished, of rebalances that are not paused, oldest first */
	List<MoveRecord> activeMoves() throws SQLException {
		try (Connection c = this.metadata.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
				+ MOVE_COLUMNS.replaceAll("(^|, )", "$1m.") + " FROM shard_move m JOIN shard_rebalance r ON r.id = m.rebalance_id"
				+ " WHERE m.step NOT IN ('DONE', 'ABORTED') ORDER BY m.id")) {
			return moves(ps);
		}
	}

	/** @return unfinished moves of a slot (at most one is allowed) */
	List<MoveRecord> openMovesOfSlot(int slot) throws SQLException {
		try (Connection c = this.metadata.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
				+ MOVE_COLUMNS + " FROM shard_move WHERE slot = ? AND step NOT IN ('DONE', 'ABORTED')")) {
			ps.setInt(1, slot);
			return moves(ps);
		}
	}

	private static List<MoveRecord> moves(PreparedStatement ps) throws SQLException {
		List<MoveRecord> moves = new ArrayList<>();
		try (ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				MoveRecord m = new MoveRecord();
				m.id = rs.getLong(1);
				m.rebalanceId = rs.getString(2);
				m.slot = rs.getInt(3);
				m.source = rs.getString(4);
				m.target = rs.getString(5);
				m.mode = MoveMode.valueOf(rs.getString(6));
				m.step = MoveStep.valueOf(rs.getString(7));
				m.binlogFile = rs.getString(8);
				m.binlogPosition = rs.getLong(9);
				m.copyTable = rs.getString(10);
				m.copyCursor = rs.getString(11);
				m.rowsTotal = rs.getLong(12);
				m.rowsCopied = rs.getLong(13);
				m.changesApplied = rs.getLong(14);
				m.chunksVerified = rs.getLong(15);
				m.chunksRepaired = rs.getLong(16);
				m.checksumState = rs.getString(17);
				m.rowsDeleted = rs.getLong(18);
				long freeze = rs.getLong(19);
				m.freezeMillis = rs.wasNull() ? null : freeze;
				long flip = rs.getLong(20);
				m.flipVersion = rs.wasNull() ? null : flip;
				m.error = rs.getString(21);
				moves.add(m);
			}
		}
		return moves;
	}

	/** Writes every mutable field of a move. */
	void save(MoveRecord m) throws SQLException {
		try (Connection c = this.metadata.getConnection()) {
			save(c, m);
		}
	}

	void save(Connection c, MoveRecord m) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("UPDATE shard_move SET step = ?, binlog_file = ?, binlog_pos = ?,"
				+ " copy_table = ?, copy_cursor = ?, rows_total = ?, rows_copied = ?, changes_applied = ?,"
				+ " chunks_verified = ?, chunks_repaired = ?, checksum_state = ?, rows_deleted = ?, freeze_ms = ?,"
				+ " flip_version = ?, error = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
			ps.setString(1, m.step.name());
			ps.setString(2, m.binlogFile);
			ps.setLong(3, m.binlogPosition);
			ps.setString(4, m.copyTable);
			ps.setString(5, m.copyCursor);
			ps.setLong(6, m.rowsTotal);
			ps.setLong(7, m.rowsCopied);
			ps.setLong(8, m.changesApplied);
			ps.setLong(9, m.chunksVerified);
			ps.setLong(10, m.chunksRepaired);
			ps.setString(11, m.checksumState);
			ps.setLong(12, m.rowsDeleted);
			ps.setObject(13, m.freezeMillis);
			ps.setObject(14, m.flipVersion);
			ps.setString(15, (m.error != null && m.error.length() > 2000) ? m.error.substring(0, 2000) : m.error);
			ps.setLong(16, m.id);
			ps.executeUpdate();
		}
	}

	/**
	 * A rebalance as stored.
	 *
	 * @param id id
	 * @param status RUNNING, PAUSED, DONE, ABORTED
	 * @param cutover cutover mode
	 * @param cutoverAt not before (scheduled) or the operator's go (manual)
	 * @param createdAt when it was started
	 */
	record RebalanceRow(String id, String status, Cutover cutover, Instant cutoverAt, Instant createdAt) {
	}

}
