package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sharding.ShardingStatistics.QueryKind;
import io.github.reliablemessaging.sharding.internal.BroadcastJournal;
import io.github.reliablemessaging.sharding.internal.JdbcParams;
import io.github.reliablemessaging.sharding.internal.ParamCodec;
import io.github.reliablemessaging.sharding.internal.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes broadcast (global) tables — small tables kept in full on every set, read from any. A write is journalled
 * for every set in the metadata database, then applied set by set; a set that fails keeps its journal row, is
 * reported in the {@link BroadcastResult} (and logged and counted), and gets the write from the repair job once it
 * answers. Writers and the repair job take one named lock, so every set applies broadcast writes in the same order;
 * a set with older journal rows gets new writes only through the repair job, behind them.
 *
 * <p>Writes are replayed, so they must be idempotent: {@link #upsert} and {@link #delete} are; a statement passed
 * to {@link #execute} must be too (e.g. {@code INSERT ... ON DUPLICATE KEY UPDATE}, {@code UPDATE ... SET x = ?}).
 */
public final class BroadcastWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BroadcastWriter.class);

	private static final int LOCK_SECONDS = 30;

	private final ShardedStore store;

	private final BroadcastJournal journal;

	private ScheduledExecutorService repairer;

	BroadcastWriter(ShardedStore store, BroadcastJournal journal) {
		this.store = store;
		this.journal = journal;
	}

	/**
	 * Inserts or replaces a row on every set ({@code INSERT ... ON DUPLICATE KEY UPDATE} of every column).
	 * @param table a broadcast table
	 * @param row column -> value, the primary key included
	 * @return which sets have it
	 */
	public BroadcastResult upsert(String table, Map<String, ?> row) {
		Objects.requireNonNull(row, "row must not be null");
		if (row.isEmpty()) {
			throw new IllegalArgumentException("row must have columns");
		}
		StringJoiner columns = new StringJoiner(", ");
		StringJoiner marks = new StringJoiner(", ");
		StringJoiner updates = new StringJoiner(", ");
		for (String column : row.keySet()) {
			String quoted = Identifiers.quote(Identifiers.check(column));
			columns.add(quoted);
			marks.add("?");
			updates.add(quoted + " = VALUES(" + quoted + ")");
		}
		String sql = "INSERT INTO " + Identifiers.quote(Identifiers.check(table)) + " (" + columns + ") VALUES (" + marks
				+ ") ON DUPLICATE KEY UPDATE " + updates;
		return write(sql, new ArrayList<>(row.values()));
	}

	/**
	 * Deletes rows on every set.
	 * @param table a broadcast table
	 * @param key column -> value of the rows to delete (ANDed)
	 * @return which sets have the delete
	 */
	public BroadcastResult delete(String table, Map<String, ?> key) {
		Objects.requireNonNull(key, "key must not be null");
		if (key.isEmpty()) {
			throw new IllegalArgumentException("key must have columns: a broadcast delete without one would empty the table");
		}
		StringJoiner where = new StringJoiner(" AND ");
		key.keySet().forEach((c) -> where.add(Identifiers.quote(Identifiers.check(c)) + " = ?"));
		return write("DELETE FROM " + Identifiers.quote(Identifiers.check(table)) + " WHERE " + where,
				new ArrayList<>(key.values()));
	}

	/**
	 * Runs an idempotent write statement on every set.
	 * @param sql INSERT / REPLACE / UPDATE / DELETE of a broadcast table, with {@code ?} placeholders
	 * @param params placeholder values
	 * @return which sets have it
	 */
	public BroadcastResult execute(String sql, Object... params) {
		Objects.requireNonNull(sql, "sql must not be null");
		return write(sql, Arrays.asList(params.clone()));
	}

	private BroadcastResult write(String sql, List<Object> params) {
		SqlStatement statement = SqlStatement.of(sql);
		if (statement.kind() != SqlStatement.Kind.WRITE || statement.target() == null) {
			throw new IllegalArgumentException("A broadcast write is one INSERT, REPLACE, UPDATE or DELETE statement: " + sql);
		}
		if (!this.store.broadcastTables().contains(statement.target())) {
			throw new IllegalArgumentException("'" + statement.target() + "' is not a broadcast table of this store "
					+ this.store.broadcastTables() + (this.store.shardedTables().contains(statement.target())
							? " (it is sharded: write it through the routing DataSource with its shard key bound)" : ""));
		}
		String encoded = ParamCodec.encode(params);
		String writeId = UUID.randomUUID().toString();
		List<String> applied = new ArrayList<>();
		Map<String, String> pending = new LinkedHashMap<>();
		try (Connection c = this.journal.connect()) {
			if (!BroadcastJournal.lock(c, LOCK_SECONDS)) {
				throw new ShardingException("Broadcast write refused: another writer or the repair job held the broadcast"
						+ " lock for " + LOCK_SECONDS + " s; nothing was written");
			}
			try {
				Map<String, Long> ids = BroadcastJournal.record(c, writeId, this.store.setNames(), sql, encoded);
				for (Map.Entry<String, Long> entry : ids.entrySet()) {
					String set = entry.getKey();
					if (BroadcastJournal.hasOlder(c, set, entry.getValue())) {
						pending.put(set, "earlier broadcast writes are still pending on this set");
						continue;
					}
					try {
						apply(set, sql, params);
						BroadcastJournal.done(c, entry.getValue());
						applied.add(set);
					}
					catch (SQLException ex) {
						pending.put(set, ex.getMessage());
						BroadcastJournal.failed(c, entry.getValue(), String.valueOf(ex.getMessage()));
					}
				}
			}
			finally {
				BroadcastJournal.unlock(c);
			}
		}
		catch (SQLException ex) {
			throw new ShardingException("Broadcast write could not be journalled in the metadata database: " + ex.getMessage()
					+ (applied.isEmpty() ? "; no set was written" : "; sets " + applied + " have it, the repair journal"
							+ " keeps it for the others"), ex);
		}
		if (!pending.isEmpty()) {
			pending.keySet().forEach((set) -> this.store.statistics().broadcastFailure());
			log.warn("Broadcast write {} did not reach set(s) {}; journalled for repair: {}", writeId, pending.keySet(),
					pending);
		}
		return new BroadcastResult(writeId, List.copyOf(applied), pending);
	}

	private void apply(String set, String sql, List<Object> params) throws SQLException {
		try (Connection c = this.store.setDataSource(set).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setQueryTimeout((int) Math.max(1, this.store.settings().broadcastTimeout().toSeconds()));
			JdbcParams.bind(ps, 1, params);
			ps.executeUpdate();
			this.store.statistics().query(set, QueryKind.BROADCAST);
		}
	}

	/**
	 * Applies journalled writes to the sets that answer, in journal order per set; stops at a set's first failure.
	 * @return writes applied by this call
	 */
	public int repairNow() {
		int repaired = 0;
		try (Connection c = this.journal.connect()) {
			if (!BroadcastJournal.lock(c, 0)) {
				return 0; // a writer or another instance's repair job is at work
			}
			try {
				for (String set : this.store.setNames()) {
					for (BroadcastJournal.Entry entry : BroadcastJournal.pending(c, set)) {
						try {
							apply(set, entry.sql(), ParamCodec.decode(entry.params()));
						}
						catch (SQLException ex) {
							BroadcastJournal.failed(c, entry.id(), String.valueOf(ex.getMessage()));
							log.debug("Broadcast repair of set {} stopped at write {}: {}", set, entry.writeId(), ex.getMessage());
							break;
						}
						BroadcastJournal.done(c, entry.id());
						this.store.statistics().broadcastRepair();
						repaired++;
					}
				}
			}
			finally {
				BroadcastJournal.unlock(c);
			}
		}
		catch (SQLException ex) {
			log.warn("Broadcast repair could not read the journal: {}", ex.getMessage());
		}
		if (repaired > 0) {
			log.info("Broadcast repair applied {} journalled write(s)", repaired);
		}
		return repaired;
	}

	/**
	 * @return journalled writes not yet applied, per set
	 * @throws ShardingException when the metadata database does not answer
	 */
	public Map<String, Long> pending() {
		try {
			return this.journal.counts();
		}
		catch (SQLException ex) {
			throw new ShardingException("Could not read the broadcast repair journal: " + ex.getMessage(), ex);
		}
	}

	void startRepair(Duration interval) {
		this.repairer = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "reliable-sharding-broadcast-repair");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.repairer.scheduleWithFixedDelay(() -> {
			try {
				repairNow();
			}
			catch (RuntimeException ex) {
				log.warn("Broadcast repair failed: {}", ex.getMessage());
			}
		}, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		if (this.repairer != null) {
			this.repairer.shutdownNow();
		}
	}

}
