package io.github.reliablemessaging.sharding.rebalance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.internal.ParamCodec;
import io.github.reliablemessaging.sharding.rebalance.SlotTable.PrimaryKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one slot move step by step, persisting each step and its cursors in {@code shard_move}, so that a crash
 * resumes the move where it was (or aborts it cleanly before the flip).
 *
 * <h2>The apply rule: re-read by primary key</h2>
 * The capture starts at the source's binlog position read <em>before</em> the first chunk is read, so every change
 * committed after a chunk was read is in the captured stream. A captured change is applied by <em>re-reading the row
 * by its primary key on the source</em> and upserting what is found on the target (or deleting the key on the target
 * when the row is gone); the row image in the binlog is not used. Copy and apply run on one thread, one after the
 * other (chunk, then the changes captured so far), so:
 * <ul>
 * <li>no gap: a change committed after its row's chunk was read is captured, and applied after that chunk was
 * written;</li>
 * <li>no regression: what an apply writes was read after the change it applies, so it is that change or a newer
 * state — never an older one — and a later change of the same row is captured and applied after it;</li>
 * <li>idempotent: applying a key twice writes the same current row; replaying the stream from a checkpoint after a
 * crash is harmless.</li>
 * </ul>
 * During the freeze the source's rows of the slot cannot change, so the last catch-up (up to the marker, the freeze's
 * own binlog event) makes the target equal to the source, which the final checksum proves.
 */
final class SlotMover implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SlotMover.class);

	private static final String OWNER_TABLE = "slot_owner";

	/** What the worker asks the rebalance between steps. */
	interface Control {

		/** @return true when the move should stop at the next safe point and be resumed later */
		boolean pauseRequested(MoveRecord move);

		/** @return true when the move should be aborted (honoured before the flip) */
		boolean abortRequested(MoveRecord move);

		/** @return true when the freeze may happen now (manual or scheduled cutover) */
		boolean cutoverAllowed(MoveRecord move);

	}

	private final ShardedStore store;

	private final MoveJournal journal;

	private final RebalanceSettings settings;

	private final Function<String, SetAddress> addresses;

	private final MoveListener listener;

	private final Control control;

	private final MoveRecord move;

	private final DataSource source;

	private final DataSource target;

	private Map<String, SlotTable> tables;

	private BinlogCapture capture;

	private long frozenAtNanos;

	private long lastSaveNanos;

	/**
	 * Keys changed on the target since the chunk verification of this run started (applied changes, repaired chunks),
	 * or null when the verification did not run from its start in this run (resumed after a crash).
	 */
	private Map<String, Set<PrimaryKey>> touched;

	/** Captured keys held back during the copy: rows beyond the last written key of the table being read ahead. */
	private final Map<String, Set<PrimaryKey>> deferred = new HashMap<>();

	private final ExecutorService reader;

	private volatile long lagMillis;

	private volatile double copyRowsPerSecond;

	SlotMover(ShardedStore store, MoveJournal journal, RebalanceSettings settings, Function<String, SetAddress> addresses,
			MoveListener listener, Control control, MoveRecord move) {
		this.store = store;
		this.journal = journal;
		this.settings = settings;
		this.addresses = addresses;
		this.listener = listener;
		this.control = control;
		this.move = move;
		this.source = store.setDataSource(move.source);
		this.target = store.setDataSource(move.target);
		this.reader = Executors.newSingleThreadExecutor((r) -> {
			Thread t = new Thread(r, "reliable-sharding-copy-" + move.slot);
			t.setDaemon(true);
			return t;
		});
	}

	SlotMoveStatus status() {
		Long eta = null;
		if (this.move.step == MoveStep.COPY && this.copyRowsPerSecond > 0) {
			eta = (long) Math.ceil(Math.max(0, this.move.rowsTotal - this.move.rowsCopied) / this.copyRowsPerSecond);
		}
		return this.move.status(this.lagMillis, eta);
	}

	/**
	 * Runs the move until it is done, aborted, or paused.
	 * @return true when the move is over (done or aborted), false when paused
	 * @throws Exception when a step fails; the move stays at its step and can be resumed
	 */
	boolean run() throws Exception {
		this.tables = readTables();
		while (!this.move.step.terminal()) {
			MoveStep step = this.move.step;
			if (step.beforeFlip() && step != MoveStep.FLIP && this.control.abortRequested(this.move)) {
				advance(MoveStep.ABORTING);
				continue;
			}
			if (step.beforeFlip() && step != MoveStep.FLIP && this.control.pauseRequested(this.move)) {
				closeCapture();
				return false;
			}
			notify(step, "begin");
			switch (step) {
				case PLANNED -> prepare();
				case CAPTURE -> capture();
				case COPY -> copy();
				case VERIFY -> verify();
				case FREEZE -> freeze();
				case FLIP -> flip();
				case UNFREEZE -> unfreeze();
				case CLEANUP -> cleanup();
				case ABORTING -> abort();
				default -> throw new IllegalStateException("step " + step);
			}
		}
		return true;
	}

	private Map<String, SlotTable> readTables() throws SQLException {
		Map<String, SlotTable> read = new LinkedHashMap<>();
		try (Connection c = this.source.getConnection()) {
			for (String table : new TreeSet<>(this.store.shardedTables())) {
				read.put(table, SlotTable.read(c, table, this.store.settings().slotColumn()));
			}
		}
		return read;
	}

	private void notify(MoveStep step, String point) {
		try {
			this.listener.onStep(status(), step, point);
		}
		catch (RuntimeException ex) {
			log.warn("Move listener failed at {} {}: {}", step, point, ex.toString());
		}
	}

	/**
	 * Persists cursors and counters at most every 250 ms: a crash then redoes a little more (copy, checksums and the
	 * catch-up are idempotent), and the metadata database is not written once per chunk.
	 */
	private void saveThrottled() throws SQLException {
		long now = System.nanoTime();
		if (now - this.lastSaveNanos >= TimeUnit.MILLISECONDS.toNanos(250)) {
			this.journal.save(this.move);
			this.lastSaveNanos = now;
		}
	}

	private void advance(MoveStep next) throws SQLException {
		this.move.step = next;
		this.move.copyTable = null;
		this.move.copyCursor = null;
		this.journal.save(this.move);
	}

	// ---- PLANNED: checks, and a clean target

	private void prepare() throws SQLException {
		String owner = routingOwner();
		if (!this.move.source.equals(owner)) {
			throw new ShardingException("Slot " + this.move.slot + " is routed to '" + owner + "', not to the move's source '"
					+ this.move.source + "'");
		}
		String targetState = ownerState(this.target);
		if ("OWNED".equals(targetState) || "FROZEN".equals(targetState)) {
			throw new ShardingException("Set '" + this.move.target + "' already claims slot " + this.move.slot + " ("
					+ targetState + ")");
		}
		// rows a former owner left behind (a cleanup that was cut short) are no copy of the current data
		deleteSlotRows(this.target);
		long rows = 0;
		try (Connection c = this.source.getConnection()) {
			for (SlotTable table : this.tables.values()) {
				rows += table.count(c, this.move.slot);
			}
		}
		this.move.rowsTotal = rows;
		advance((this.move.mode == MoveMode.BINLOG) ? MoveStep.CAPTURE : MoveStep.FREEZE);
	}

	// ---- 1: capture position

	private void capture() throws SQLException {
		try (Connection c = this.source.getConnection(); Statement s = c.createStatement();
				ResultSet rs = binlogStatus(s)) {
			if (!rs.next()) {
				throw new ShardingException("Set '" + this.move.source + "' writes no binlog: use a freeze-copy move");
			}
			this.move.binlogFile = rs.getString(1);
			this.move.binlogPosition = rs.getLong(2);
		}
		openCapture();
		advance(MoveStep.COPY);
	}

	static ResultSet binlogStatus(Statement s) throws SQLException {
		try {
			return s.executeQuery("SHOW BINARY LOG STATUS");
		}
		catch (SQLException notMySql84) {
			return s.executeQuery("SHOW MASTER STATUS");
		}
	}

	private void openCapture() {
		if (this.capture == null) {
			BinlogCapture started = new BinlogCapture(this.addresses.apply(this.move.source), this.move.slot, this.tables,
					OWNER_TABLE);
			started.start(this.move.binlogFile, this.move.binlogPosition);
			this.capture = started;
		}
	}

	private void closeCapture() {
		if (this.capture != null) {
			this.capture.close();
			this.capture = null;
		}
	}

	/** Applies every change captured so far (re-read by primary key) and moves the checkpoint. */
	private BinlogCapture.Batch catchUp() throws SQLException {
		return catchUp(null, null);
	}

	/**
	 * Applies the changes captured so far (re-read by primary key) and moves the checkpoint.
	 * @param readAhead while the copy reads the next chunk of this table ahead, changes of its rows beyond
	 * {@code written} are held back until the chunk holding them is written (see {@link #copy()}); null: apply all
	 * @param written the last key written to the target in that table
	 */
	private BinlogCapture.Batch catchUp(SlotTable readAhead, PrimaryKey written) throws SQLException {
		BinlogCapture.Batch batch = this.capture.take();
		Map<String, Set<PrimaryKey>> apply = new LinkedHashMap<>();
		this.deferred.forEach((table, keys) -> apply.computeIfAbsent(table, (t) -> new HashSet<>()).addAll(keys));
		this.deferred.clear();
		batch.keys().forEach((table, keys) -> apply.computeIfAbsent(table, (t) -> new HashSet<>()).addAll(keys));
		if (readAhead != null && apply.containsKey(readAhead.name)) {
			Set<PrimaryKey> held = new HashSet<>();
			for (PrimaryKey key : apply.get(readAhead.name)) {
				if (written == null || readAhead.compare(key, written) > 0) {
					held.add(key);
				}
			}
			if (!held.isEmpty()) {
				apply.get(readAhead.name).removeAll(held);
				this.deferred.put(readAhead.name, held);
			}
		}
		apply.values().removeIf(Set::isEmpty);
		int applied = apply.values().stream().mapToInt(Set::size).sum();
		if (applied > 0) {
			Map<String, Map<PrimaryKey, Object[]>> current = new HashMap<>();
			try (Connection c = this.source.getConnection()) {
				for (Map.Entry<String, Set<PrimaryKey>> entry : apply.entrySet()) {
					current.put(entry.getKey(), this.tables.get(entry.getKey()).byKeys(c, entry.getValue()));
				}
			}
			try (Connection c = this.target.getConnection()) {
				c.setAutoCommit(false);
				try {
					for (Map.Entry<String, Set<PrimaryKey>> entry : apply.entrySet()) {
						SlotTable table = this.tables.get(entry.getKey());
						Map<PrimaryKey, Object[]> rows = current.get(entry.getKey());
						table.upsert(c, rows.values());
						Set<PrimaryKey> gone = new HashSet<>(entry.getValue());
						gone.removeAll(rows.keySet());
						table.delete(c, gone);
					}
					c.commit();
				}
				catch (SQLException | RuntimeException ex) {
					c.rollback();
					throw ex;
				}
			}
		}
		if (this.touched != null) {
			apply.forEach((table, keys) -> this.touched.computeIfAbsent(table, (t) -> new HashSet<>()).addAll(keys));
		}
		this.move.changesApplied += applied;
		this.move.binlogFile = batch.file();
		this.move.binlogPosition = batch.position();
		this.lagMillis = batch.oldestMillis();
		return batch;
	}

	// ---- 2: copy

	/**
	 * Copies the slot's rows chunk by chunk, applying captured changes after each chunk. For tables whose keys can be
	 * ordered here (integers, VARBINARY) the next chunk is read while the current one is written; changes of rows
	 * beyond the last written key are then held back until their chunk is written, so that a chunk read before a
	 * change is never written after it. A checkpoint persisted with held-back keys is still safe: those rows lie beyond
	 * the persisted cursor, so a resumed copy reads them afresh.
	 */
	private void copy() throws Exception {
		openCapture();
		long started = System.nanoTime();
		long copiedHere = 0;
		List<String> names = new ArrayList<>(this.tables.keySet());
		int from = (this.move.copyTable != null) ? Math.max(0, names.indexOf(this.move.copyTable)) : 0;
		for (int t = from; t < names.size(); t++) {
			SlotTable table = this.tables.get(names.get(t));
			PrimaryKey cursor = (t == from) ? decode(this.move.copyCursor) : null;
			boolean readAhead = table.keysOrderedHere;
			Future<List<Object[]>> next = readChunk(table, cursor);
			while (true) {
				List<Object[]> rows = next.get();
				boolean last = rows.size() < this.settings.chunkRows();
				if (!last && readAhead) {
					next = readChunk(table, table.keyOf(rows.get(rows.size() - 1)));
				}
				if (!rows.isEmpty()) {
					try (Connection c = this.target.getConnection()) {
						table.upsert(c, rows);
					}
					cursor = table.keyOf(rows.get(rows.size() - 1));
					this.move.rowsCopied += rows.size();
					copiedHere += rows.size();
				}
				catchUp((readAhead && !last) ? table : null, cursor);
				if (!last && !readAhead) {
					next = readChunk(table, cursor); // only after the catch-up: it must not read older than what it applied
				}
				this.move.copyTable = table.name;
				this.move.copyCursor = encode(cursor);
				saveThrottled();
				double seconds = (System.nanoTime() - started) / 1e9;
				this.copyRowsPerSecond = (seconds > 0) ? copiedHere / seconds : 0;
				if (last) {
					break;
				}
				notify(MoveStep.COPY, "chunk");
				if (this.control.pauseRequested(this.move) || this.control.abortRequested(this.move)) {
					next.cancel(false);
					this.journal.save(this.move);
					return; // cursor saved: the run loop pauses or aborts
				}
			}
		}
		if (!this.deferred.isEmpty()) {
			throw new IllegalStateException("changes held back after the copy: " + this.deferred.keySet());
		}
		advance(MoveStep.VERIFY);
	}

	private Future<List<Object[]>> readChunk(SlotTable table, PrimaryKey after) {
		return this.reader.submit(() -> {
			try (Connection c = this.source.getConnection()) {
				return table.chunk(c, this.move.slot, after, this.settings.chunkRows());
			}
		});
	}

	// ---- 3: chunk checksums

	private void verify() throws SQLException {
		openCapture();
		if (this.move.copyTable == null) {
			this.touched = new HashMap<>(); // verifying from the start: every later change is tracked
		}
		List<String> names = new ArrayList<>(this.tables.keySet());
		int from = (this.move.copyTable != null) ? Math.max(0, names.indexOf(this.move.copyTable)) : 0;
		for (int t = from; t < names.size(); t++) {
			SlotTable table = this.tables.get(names.get(t));
			PrimaryKey lo = (t == from) ? decode(this.move.copyCursor) : null;
			while (true) {
				PrimaryKey hi;
				try (Connection c = this.source.getConnection()) {
					hi = table.chunkEnd(c, this.move.slot, lo, this.settings.chunkRows());
				}
				boolean equal = false;
				for (int attempt = 0; attempt < 3 && !equal; attempt++) {
					catchUp();
					equal = checksumsEqual(table, lo, hi);
				}
				if (!equal) {
					repair(table, lo, hi);
					catchUp();
					this.move.chunksRepaired++;
				}
				this.move.chunksVerified++;
				this.move.copyTable = table.name;
				this.move.copyCursor = encode(hi);
				saveThrottled();
				if (hi == null) {
					break;
				}
				lo = hi;
				if (this.control.pauseRequested(this.move) || this.control.abortRequested(this.move)) {
					this.journal.save(this.move);
					return;
				}
			}
		}
		this.move.checksumState = "CHUNKS_OK";
		advance(MoveStep.FREEZE);
	}

	private boolean checksumsEqual(SlotTable table, PrimaryKey lo, PrimaryKey hi) throws SQLException {
		long[] a;
		long[] b;
		try (Connection c = this.source.getConnection()) {
			a = table.checksum(c, this.move.slot, lo, hi);
		}
		try (Connection c = this.target.getConnection()) {
			b = table.checksum(c, this.move.slot, lo, hi);
		}
		return Arrays.equals(a, b);
	}

	/** Copies a key range again: the source's rows, and deletes of the target's keys the source does not have. */
	private void repair(SlotTable table, PrimaryKey lo, PrimaryKey hi) throws SQLException {
		List<Object[]> rows;
		try (Connection c = this.source.getConnection()) {
			rows = table.range(c, this.move.slot, lo, hi);
		}
		try (Connection c = this.target.getConnection()) {
			c.setAutoCommit(false);
			try {
				Set<PrimaryKey> extra = new HashSet<>();
				for (Object[] row : table.range(c, this.move.slot, lo, hi)) {
					extra.add(table.keyOf(row));
				}
				for (Object[] row : rows) {
					extra.remove(table.keyOf(row));
				}
				table.upsert(c, rows);
				table.delete(c, extra);
				c.commit();
				if (this.touched != null) {
					Set<PrimaryKey> keys = this.touched.computeIfAbsent(table.name, (t) -> new HashSet<>());
					keys.addAll(extra);
					rows.forEach((row) -> keys.add(table.keyOf(row)));
				}
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				throw ex;
			}
		}
	}

	// ---- 4: freeze, catch up to the marker, final checksum

	private void freeze() throws Exception {
		String owner = routingOwner();
		if (!this.move.source.equals(owner)) {
			throw new ShardingException("Slot " + this.move.slot + " is routed to '" + owner + "' during its move");
		}
		// a crash while frozen: give the slot back to its writers, then freeze again below
		setOwnerState(this.source, "OWNED", "FROZEN");
		if (this.move.mode == MoveMode.FREEZE_COPY) {
			freezeCopy();
			return;
		}
		openCapture();
		while (!this.control.cutoverAllowed(this.move)) {
			catchUp();
			this.journal.save(this.move);
			if (this.control.pauseRequested(this.move) || this.control.abortRequested(this.move)) {
				return;
			}
			Thread.sleep(50);
		}
		for (int attempt = 1; attempt <= this.settings.freezeAttempts(); attempt++) {
			awaitSmallLag();
			if (attempt == 1) {
				// the same reads once before freezing (result ignored): the first run of a code path and cold
				// connections must not be paid for while writers wait
				finalCheck();
				catchUp();
			}
			this.capture.resetMarker();
			long frozenAt = System.nanoTime();
			if (setOwnerState(this.source, "FROZEN", "OWNED") != 1) {
				throw new ShardingException("Slot " + this.move.slot + " is not OWNED on its source '" + this.move.source + "'");
			}
			this.frozenAtNanos = frozenAt;
			notify(MoveStep.FREEZE, "frozen");
			if (!this.capture.awaitMarker(this.settings.markerTimeout().toMillis())) {
				log.warn("Slot {}: freeze marker not seen within {}; unfreezing (attempt {})", this.move.slot,
						this.settings.markerTimeout(), attempt);
				setOwnerState(this.source, "OWNED", "FROZEN");
				continue;
			}
			BinlogCapture.Batch last = catchUp();
			if (!last.markerSeen()) {
				throw new IllegalStateException("marker seen but not in the batch");
			}
			if (finalCheck()) {
				this.move.checksumState = "FINAL_OK";
				advance(MoveStep.FLIP);
				return;
			}
			log.warn("Slot {}: final checksum differs after the catch-up; unfreezing and verifying again (attempt {})",
					this.move.slot, attempt);
			setOwnerState(this.source, "OWNED", "FROZEN");
			this.frozenAtNanos = 0;
			this.move.checksumState = "MISMATCH";
			advance(MoveStep.VERIFY);
			return;
		}
		this.move.error = "could not freeze slot " + this.move.slot + " in " + this.settings.freezeAttempts() + " attempts";
		advance(MoveStep.ABORTING);
	}

	private void awaitSmallLag() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (true) {
			String file;
			long position;
			try (Connection c = this.source.getConnection(); Statement s = c.createStatement();
					ResultSet rs = binlogStatus(s)) {
				rs.next();
				file = rs.getString(1);
				position = rs.getLong(2);
			}
			boolean current = this.capture.awaitPosition(file, position, 1000);
			BinlogCapture.Batch batch = catchUp();
			if (current && batch.size() <= this.settings.freezeMaxPendingKeys()
					&& batch.oldestMillis() <= this.settings.freezeMaxLag().toMillis()
					&& this.capture.pendingKeys() <= this.settings.freezeMaxPendingKeys()) {
				this.journal.save(this.move);
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new ShardingException("Slot " + this.move.slot + ": the change lag stays above "
						+ this.settings.freezeMaxLag() + " / " + this.settings.freezeMaxPendingKeys() + " keys");
			}
		}
	}

	private void freezeCopy() throws Exception {
		while (!this.control.cutoverAllowed(this.move)) {
			if (this.control.pauseRequested(this.move) || this.control.abortRequested(this.move)) {
				return;
			}
			Thread.sleep(50);
		}
		long frozenAt = System.nanoTime();
		if (setOwnerState(this.source, "FROZEN", "OWNED") != 1) {
			throw new ShardingException("Slot " + this.move.slot + " is not OWNED on its source '" + this.move.source + "'");
		}
		this.frozenAtNanos = frozenAt;
		notify(MoveStep.FREEZE, "frozen");
		deleteSlotRows(this.target);
		this.move.rowsCopied = 0;
		for (SlotTable table : this.tables.values()) {
			PrimaryKey cursor = null;
			while (true) {
				List<Object[]> rows;
				try (Connection c = this.source.getConnection()) {
					rows = table.chunk(c, this.move.slot, cursor, this.settings.chunkRows());
				}
				if (rows.isEmpty()) {
					break;
				}
				try (Connection c = this.target.getConnection()) {
					table.upsert(c, rows);
				}
				cursor = table.keyOf(rows.get(rows.size() - 1));
				this.move.rowsCopied += rows.size();
			}
		}
		if (!finalChecksumsEqual()) {
			setOwnerState(this.source, "OWNED", "FROZEN");
			this.move.checksumState = "MISMATCH";
			this.move.error = "final checksum of a freeze-copy differs";
			advance(MoveStep.ABORTING);
			return;
		}
		this.move.checksumState = "FINAL_OK";
		advance(MoveStep.FLIP);
	}

	/**
	 * The check during the freeze. When the chunk verification ran from its start in this run, every chunk was equal
	 * when it was checked and the only rows that can differ since are those whose keys were applied or repaired
	 * after (a source change is always captured, the target changes only through this mover): then the slot's row
	 * counts are compared and those rows, read by key on both sides, value by value — far cheaper than checksumming
	 * the whole slot while writers wait. Otherwise (resumed after a crash, or most rows touched) whole-slot checksums.
	 */
	private boolean finalCheck() throws SQLException {
		long touchedKeys = (this.touched != null) ? this.touched.values().stream().mapToLong(Set::size).sum() : -1;
		if (touchedKeys < 0 || touchedKeys > Math.max(1_000, this.move.rowsTotal / 4)) {
			return finalChecksumsEqual();
		}
		for (SlotTable table : this.tables.values()) {
			CompletableFuture<Long> sourceCount = CompletableFuture.supplyAsync(() -> count(this.source, table));
			long targetCount = count(this.target, table);
			if (sourceCount.join() != targetCount) {
				log.warn("Slot {} table {}: {} rows on the source, {} on the target", this.move.slot, table.name,
						sourceCount.join(), targetCount);
				return false;
			}
			Set<PrimaryKey> keys = this.touched.getOrDefault(table.name, Set.of());
			if (keys.isEmpty()) {
				continue;
			}
			Map<PrimaryKey, Object[]> a;
			Map<PrimaryKey, Object[]> b;
			try (Connection c = this.source.getConnection()) {
				a = table.byKeys(c, keys);
			}
			try (Connection c = this.target.getConnection()) {
				b = table.byKeys(c, keys);
			}
			if (a.size() != b.size()) {
				return false;
			}
			for (Map.Entry<PrimaryKey, Object[]> row : a.entrySet()) {
				if (!Arrays.deepEquals(row.getValue(), b.get(row.getKey()))) {
					log.warn("Slot {} table {}: row {} differs after the catch-up", this.move.slot, table.name, row.getKey());
					return false;
				}
			}
		}
		return true;
	}

	private long count(DataSource set, SlotTable table) {
		try (Connection c = set.getConnection()) {
			return table.count(c, this.move.slot);
		}
		catch (SQLException ex) {
			throw new ShardingException("Row count of slot " + this.move.slot + " failed: " + ex.getMessage(), ex);
		}
	}

	/** Whole-slot checksums of every table, source and target read in parallel (the source is frozen). */
	private boolean finalChecksumsEqual() {
		for (SlotTable table : this.tables.values()) {
			CompletableFuture<long[]> a = CompletableFuture.supplyAsync(() -> slotChecksum(this.source, table));
			long[] b = slotChecksum(this.target, table);
			if (!Arrays.equals(a.join(), b)) {
				log.warn("Slot {} table {}: source {} target {}", this.move.slot, table.name, Arrays.toString(a.join()),
						Arrays.toString(b));
				return false;
			}
		}
		return true;
	}

	private long[] slotChecksum(DataSource set, SlotTable table) {
		try (Connection c = set.getConnection()) {
			return table.checksum(c, this.move.slot, null, null);
		}
		catch (SQLException ex) {
			throw new ShardingException("Checksum of slot " + this.move.slot + " failed: " + ex.getMessage(), ex);
		}
	}

	// ---- 5: flip

	private void flip() throws SQLException {
		if (this.frozenAtNanos == 0) {
			// resumed after a crash before the flip committed: the catch-up is not proven any more; undo and freeze again
			deleteOwnerClaim(this.target);
			advance(MoveStep.FREEZE);
			return;
		}
		long version;
		try (Connection c = this.journal.dataSource().getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1")) {
			rs.next();
			version = rs.getLong(1) + 1;
		}
		try (Connection c = this.target.getConnection(); PreparedStatement ps = c.prepareStatement(
				"INSERT INTO slot_owner (slot, state, version) VALUES (?, 'OWNED', ?) ON DUPLICATE KEY UPDATE state = 'OWNED',"
						+ " version = VALUES(version), changed_at = CURRENT_TIMESTAMP(3)")) {
			ps.setInt(1, this.move.slot);
			ps.setLong(2, version);
			ps.executeUpdate();
		}
		try (Connection c = this.journal.dataSource().getConnection()) {
			c.setAutoCommit(false);
			try {
				long current;
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1 FOR UPDATE")) {
					rs.next();
					current = rs.getLong(1);
				}
				try (PreparedStatement ps = c.prepareStatement("SELECT set_name FROM shard_routing WHERE slot = ? FOR UPDATE")) {
					ps.setInt(1, this.move.slot);
					try (ResultSet rs = ps.executeQuery()) {
						if (!rs.next() || !this.move.source.equals(rs.getString(1))) {
							throw new ShardingException("Slot " + this.move.slot + " is no longer routed to '" + this.move.source + "'");
						}
					}
				}
				long next = current + 1;
				try (PreparedStatement ps = c.prepareStatement("UPDATE shard_routing SET set_name = ?, version = ? WHERE slot = ?")) {
					ps.setString(1, this.move.target);
					ps.setLong(2, next);
					ps.setInt(3, this.move.slot);
					ps.executeUpdate();
				}
				try (PreparedStatement ps = c.prepareStatement(
						"UPDATE shard_routing_version SET version = ?, changed_at = CURRENT_TIMESTAMP(3) WHERE id = 1")) {
					ps.setLong(1, next);
					ps.executeUpdate();
				}
				this.move.step = MoveStep.UNFREEZE;
				this.move.flipVersion = next;
				this.journal.save(c, this.move); // the step and the routing commit together
				c.commit();
			}
			catch (SQLException | RuntimeException ex) {
				c.rollback();
				this.move.step = MoveStep.FLIP;
				this.move.flipVersion = null;
				throw ex;
			}
		}
	}

	// ---- 6: unfreeze

	private void unfreeze() throws SQLException {
		try (Connection c = this.source.getConnection(); PreparedStatement ps = c.prepareStatement(
				"UPDATE slot_owner SET state = 'MOVED', version = ?, changed_at = CURRENT_TIMESTAMP(3) WHERE slot = ?")) {
			ps.setLong(1, (this.move.flipVersion != null) ? this.move.flipVersion : 0);
			ps.setInt(2, this.move.slot);
			ps.executeUpdate();
		}
		if (this.frozenAtNanos != 0) {
			this.move.freezeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.frozenAtNanos);
			this.frozenAtNanos = 0;
		}
		closeCapture();
		this.store.refreshRouting();
		advance(MoveStep.CLEANUP);
	}

	// ---- 7: cleanup

	private void cleanup() throws Exception {
		closeCapture();
		for (SlotTable table : this.tables.values()) {
			while (true) {
				int deleted;
				try (Connection c = this.source.getConnection()) {
					deleted = table.deleteSlotBatch(c, this.move.slot, this.settings.cleanupBatchRows());
				}
				this.move.rowsDeleted += deleted;
				saveThrottled();
				if (deleted < this.settings.cleanupBatchRows()) {
					break;
				}
				Thread.sleep(this.settings.cleanupPause().toMillis());
			}
		}
		advance(MoveStep.DONE);
		log.info("Slot {} moved from '{}' to '{}': {} rows copied, {} changes applied, freeze {} ms", this.move.slot,
				this.move.source, this.move.target, this.move.rowsCopied, this.move.changesApplied, this.move.freezeMillis);
	}

	// ---- abort (before the flip)

	private void abort() throws SQLException {
		closeCapture();
		if (this.move.target.equals(routingOwner())) {
			// the flip committed: the move can only be finished
			this.move.error = "abort came after the flip; the move completes";
			advance(MoveStep.UNFREEZE);
			return;
		}
		setOwnerState(this.source, "OWNED", "FROZEN");
		deleteOwnerClaim(this.target);
		deleteSlotRows(this.target);
		advance(MoveStep.ABORTED);
		log.info("Slot {} move from '{}' to '{}' aborted: source untouched, partial copy removed", this.move.slot,
				this.move.source, this.move.target);
	}

	// ---- helpers

	private void deleteSlotRows(DataSource set) throws SQLException {
		for (SlotTable table : this.tables.values()) {
			try (Connection c = set.getConnection()) {
				while (table.deleteSlotBatch(c, this.move.slot, 5_000) > 0) {
					// small transactions
				}
			}
		}
	}

	private void deleteOwnerClaim(DataSource set) throws SQLException {
		try (Connection c = set.getConnection(); PreparedStatement ps = c.prepareStatement(
				"DELETE FROM slot_owner WHERE slot = ? AND state IN ('OWNED', 'FROZEN')")) {
			ps.setInt(1, this.move.slot);
			ps.executeUpdate();
		}
	}

	private int setOwnerState(DataSource set, String to, String from) throws SQLException {
		try (Connection c = set.getConnection(); PreparedStatement ps = c.prepareStatement(
				"UPDATE slot_owner SET state = ?, changed_at = CURRENT_TIMESTAMP(3) WHERE slot = ? AND state = ?")) {
			ps.setString(1, to);
			ps.setInt(2, this.move.slot);
			ps.setString(3, from);
			return ps.executeUpdate();
		}
	}

	private String ownerState(DataSource set) throws SQLException {
		try (Connection c = set.getConnection();
				PreparedStatement ps = c.prepareStatement("SELECT state FROM slot_owner WHERE slot = ?")) {
			ps.setInt(1, this.move.slot);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	private String routingOwner() throws SQLException {
		try (Connection c = this.journal.dataSource().getConnection();
				PreparedStatement ps = c.prepareStatement("SELECT set_name FROM shard_routing WHERE slot = ?")) {
			ps.setInt(1, this.move.slot);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	private static String encode(PrimaryKey key) {
		return (key == null) ? null : ParamCodec.encode(Arrays.asList(key.values()));
	}

	private static PrimaryKey decode(String text) {
		return (text == null) ? null : new PrimaryKey(ParamCodec.decode(text).toArray());
	}

	@Override
	public void close() {
		closeCapture();
		this.reader.shutdownNow();
	}

}
