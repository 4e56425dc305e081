package io.github.reliablemessaging.sharding.rebalance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.internal.Metadata;
import io.github.reliablemessaging.sharding.internal.SlotRanges;

/**
 * Online rebalancing of a {@link ShardedStore}: registers sets, plans slot moves, and runs them one at a time on a
 * worker thread ({@code reliable-sharding-rebalance}), each move step by step with its state in the metadata database
 * (see {@link MoveStep} and {@link SlotMover}).
 *
 * <p>Only one worker runs moves at a time across all instances (a named lock in the metadata database, released
 * when its connection dies, e.g. with the process); a worker that gets the lock first resumes the moves an earlier
 * one left unfinished.
 *
 * <pre>{@code
 * Rebalancer rebalancer = Rebalancer.builder(store).build().start();
 * rebalancer.registerSet("c");                                    // configured on every instance, migrated, binlog readable
 * RebalancePlan plan = rebalancer.plan(null, null);               // even slots (and rows) over a, b, c
 * RebalanceStatus running = rebalancer.start(plan, Cutover.AUTO, null);
 * }</pre>
 *
 * Bad input is refused with an {@link IllegalArgumentException} naming the problem; a conflict with the running state
 * (another rebalance running, a slot already moving) with an {@link IllegalStateException}; nothing is changed then.
 */
public final class Rebalancer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Rebalancer.class);

	private static final String LOCK = "reliable_sharding_rebalance";

	private static final int FAILURES_BEFORE_ABORT = 5;

	private final ShardedStore store;

	private final MoveJournal journal;

	private final RebalanceSettings settings;

	private final Function<String, SetAddress> addresses;

	private final MoveListener listener;

	private final Clock clock;

	private final Map<Long, Integer> failures = new ConcurrentHashMap<>();

	private volatile SlotMover current;

	private volatile boolean running;

	private Thread worker;

	private Rebalancer(Builder builder) {
		this.store = builder.store;
		this.journal = new MoveJournal(builder.store.metadataDataSource());
		this.settings = builder.settings;
		this.addresses = (builder.addresses != null) ? builder.addresses
				: (set) -> SetAddress.of(set, builder.store.setDataSource(set));
		this.listener = builder.listener;
		this.clock = builder.clock;
	}

	/**
	 * @param store a started store
	 * @return a builder
	 */
	public static Builder builder(ShardedStore store) {
		return new Builder(store);
	}

	/**
	 * Starts the worker that runs (and after a crash resumes) moves.
	 * @return this
	 */
	public synchronized Rebalancer start() {
		if (this.worker == null) {
			this.running = true;
			this.worker = new Thread(this::work, "reliable-sharding-rebalance");
			this.worker.setDaemon(true);
			this.worker.start();
		}
		return this;
	}

	/** @return the settings */
	public RebalanceSettings settings() {
		return this.settings;
	}

	// ---- sets

	/**
	 * Checks a configured set and registers it so that it may receive slots: it must answer and have the store's and
	 * the application's tables (migrated at start-up); its binlog is checked too (ROW format, full row images,
	 * readable by the configured user), which decides how slots can later move away from it.
	 * @param set the set's name
	 * @return what was found
	 * @throws IllegalArgumentException when the set is not configured, does not answer, or is not migrated
	 */
	public SetCheck registerSet(String set) {
		SetCheck check = checkSet(set);
		try (Connection c = this.store.metadataDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
				"INSERT INTO shard_set_check (name, binlog_readable, binlog) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
						+ " binlog_readable = VALUES(binlog_readable), binlog = VALUES(binlog), checked_at = CURRENT_TIMESTAMP(3)")) {
			new Metadata(this.store.metadataDataSource()).registerSet(set);
			ps.setString(1, set);
			ps.setBoolean(2, check.binlogReadable());
			ps.setString(3, check.binlog());
			ps.executeUpdate();
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot register set '" + set + "' in the metadata database: " + ex.getMessage(), ex);
		}
		return new SetCheck(check.name(), check.reachable(), check.migrated(), check.binlogReadable(), check.binlog(),
				check.slots(), true);
	}

	/**
	 * The checks of {@link #registerSet}, without registering (a dry run).
	 * @param set the set's name
	 * @return what was found; {@code registered} tells whether it is registered already
	 * @throws IllegalArgumentException when the set is not configured, does not answer, or is not migrated
	 */
	public SetCheck checkSet(String set) {
		if (set == null || !this.store.setNames().contains(set)) {
			throw new IllegalArgumentException("set '" + set + "' is not configured: add reliable.sharding.sets." + set
					+ ".* on every instance and restart them (the set is migrated at start); configured sets: "
					+ this.store.setNames());
		}
		DataSource ds = this.store.setDataSource(set);
		Set<String> tables = new TreeSet<>();
		try (Connection c = ds.getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT LOWER(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalArgumentException("set '" + set + "' does not answer: " + ex.getMessage());
		}
		Set<String> missing = new TreeSet<>(this.store.shardedTables());
		missing.add("slot_owner");
		missing.removeAll(tables);
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("set '" + set + "' is not migrated: tables " + missing + " are missing");
		}
		String binlog = binlogProblem(set);
		boolean registered;
		try {
			registered = receivingSets().contains(set);
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot read the registered sets: " + ex.getMessage(), ex);
		}
		return new SetCheck(set, true, true, binlog == null, (binlog == null) ? "ROW, full row images, readable" : binlog,
				SlotRanges.of(this.store.refreshRouting().slotsOf(set)), registered);
	}

	/**
	 * @return configured sets that may receive slots: those that own slots and those registered with
	 * {@link #registerSet}, by name
	 * @throws SQLException when the metadata database does not answer
	 */
	public List<String> receivingSets() throws SQLException {
		Set<String> sets = new TreeSet<>(this.store.refreshRouting().sets());
		try (Connection c = this.store.metadataDataSource().getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT name FROM shard_set_check")) {
			while (rs.next()) {
				sets.add(rs.getString(1));
			}
		}
		sets.retainAll(this.store.setNames());
		return new ArrayList<>(sets);
	}

	/** @return null when the set's binlog can be captured, otherwise why not */
	String binlogProblem(String set) {
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
			rs.next();
			if (!rs.getBoolean(1)) {
				return "binary log is off (log_bin)";
			}
			if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
				return "binlog_format is " + rs.getString(2) + ", not ROW";
			}
			if (!"FULL".equalsIgnoreCase(rs.getString(3))) {
				return "binlog_row_image is " + rs.getString(3) + ", not FULL";
			}
		}
		catch (SQLException ex) {
			return "cannot read the binlog settings: " + ex.getMessage();
		}
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT @@binlog_transaction_compression")) {
			if (rs.next() && rs.getBoolean(1)) {
				return "binlog_transaction_compression is ON (compressed transactions are not read)";
			}
		}
		catch (SQLException noSuchVariable) {
			// MariaDB and MySQL before 8.0.20 do not compress binlog transactions
		}
		SetAddress address;
		try {
			address = this.addresses.apply(set);
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
		BinaryLogClient client = new BinaryLogClient(address.host(), address.port(), address.username(), address.password());
		client.setServerId(2_000_000_000L + (long) (Math.random() * 100_000_000));
		client.setKeepAlive(false);
		try {
			client.connect(TimeUnit.SECONDS.toMillis(5));
			return null;
		}
		catch (Exception ex) {
			return "cannot read the binlog as " + address.username() + ": " + ex.getMessage()
					+ " (needs REPLICATION SLAVE, REPLICATION CLIENT; on MariaDB also BINLOG MONITOR)";
		}
		finally {
			try {
				client.disconnect();
			}
			catch (Exception ignored) {
				// closing
			}
		}
	}

	// ---- plan

	/**
	 * Plans moves (changes nothing).
	 * @param slots slots to move to {@code to}; null or empty: even out slots (and rows) over every registered set
	 * @param to the set the given slots go to; required with {@code slots}, refused without
	 * @return the plan
	 * @throws IllegalArgumentException for unknown slots or sets, a slot already on {@code to}, a slot too large for
	 * freeze-copy
	 */
	public RebalancePlan plan(Collection<Integer> slots, String to) {
		try {
			RoutingTable routing = this.store.refreshRouting();
			List<String> registered = receivingSets();
			List<String> sets = new ArrayList<>(this.store.setNames());
			sets.retainAll(registered);
			Map<String, Map<Integer, Long>> rowsBySet = new TreeMap<>();
			for (String set : sets) {
				rowsBySet.put(set, rowsPerSlot(set));
			}
			Map<Integer, Long> rowsOfSlot = new HashMap<>();
			for (int slot = 0; slot < routing.slotCount(); slot++) {
				rowsOfSlot.put(slot, rowsBySet.getOrDefault(routing.setOf(slot), Map.of()).getOrDefault(slot, 0L));
			}
			List<String> notes = new ArrayList<>();
			List<int[]> pairs = new ArrayList<>(); // slot, index of target in sets
			if (slots != null && !slots.isEmpty()) {
				if (to == null || !sets.contains(to)) {
					throw new IllegalArgumentException("'to' must name a registered set " + sets + ", was '" + to + "'");
				}
				for (int slot : new TreeSet<>(slots)) {
					if (slot < 0 || slot >= routing.slotCount()) {
						throw new IllegalArgumentException("slot " + slot + " does not exist: slots are 0-" + (routing.slotCount() - 1));
					}
					if (to.equals(routing.setOf(slot))) {
						throw new IllegalArgumentException("slot " + slot + " is already on set '" + to + "'");
					}
					pairs.add(new int[] { slot, sets.indexOf(to) });
				}
			}
			else {
				if (to != null) {
					throw new IllegalArgumentException("'to' goes with 'slots'; without slots the plan evens out all sets");
				}
				pairs = evenOut(routing, sets, rowsOfSlot);
			}
			Map<String, String> binlog = new HashMap<>();
			List<PlannedMove> moves = new ArrayList<>();
			for (int[] pair : pairs) {
				int slot = pair[0];
				String from = routing.setOf(slot);
				String target = sets.get(pair[1]);
				String problem = binlog.computeIfAbsent(from, (s) -> Optional.ofNullable(binlogProblem(s)).orElse(""));
				long rows = rowsOfSlot.get(slot);
				if (problem.isEmpty()) {
					moves.add(new PlannedMove(slot, from, target, rows, MoveMode.BINLOG, null));
				}
				else if (rows <= this.settings.freezeCopyMaxRows()) {
					moves.add(new PlannedMove(slot, from, target, rows, MoveMode.FREEZE_COPY, "freeze-copy: writers of slot "
							+ slot + " wait for the whole copy of " + rows + " rows, because set '" + from + "': " + problem));
				}
				else {
					throw new IllegalArgumentException("slot " + slot + " holds " + rows + " rows, more than a freeze-copy"
							+ " move takes (" + this.settings.freezeCopyMaxRows() + "), and set '" + from
							+ "' cannot be moved from online: " + problem);
				}
			}
			moves.stream().filter((m) -> m.note() != null).forEach((m) -> notes.add(m.note()));
			List<String> unregistered = new ArrayList<>(this.store.setNames());
			unregistered.removeAll(registered);
			if (!unregistered.isEmpty()) {
				notes.add("configured but not registered (POST sharding/sets first): " + unregistered);
			}
			Map<String, Integer> slotsBefore = new TreeMap<>();
			Map<String, Long> rowsBefore = new TreeMap<>();
			for (String set : sets) {
				slotsBefore.put(set, routing.slotsOf(set).size());
				rowsBefore.put(set, routing.slotsOf(set).stream().mapToLong(rowsOfSlot::get).sum());
			}
			Map<String, Integer> slotsAfter = new TreeMap<>(slotsBefore);
			Map<String, Long> rowsAfter = new TreeMap<>(rowsBefore);
			for (PlannedMove m : moves) {
				slotsAfter.merge(m.from(), -1, Integer::sum);
				slotsAfter.merge(m.to(), 1, Integer::sum);
				rowsAfter.merge(m.from(), -m.rows(), Long::sum);
				rowsAfter.merge(m.to(), m.rows(), Long::sum);
			}
			return new RebalancePlan(routing.version(), moves, slotsBefore, slotsAfter, rowsBefore, rowsAfter, notes);
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot plan: " + ex.getMessage(), ex);
		}
	}

	private Map<Integer, Long> rowsPerSlot(String set) throws SQLException {
		Map<Integer, Long> rows = new HashMap<>();
		String column = this.store.settings().slotColumn();
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement()) {
			for (String table : this.store.shardedTables()) {
				try (ResultSet rs = s.executeQuery("SELECT `" + column + "`, COUNT(*) FROM `" + table + "` GROUP BY `"
						+ column + "`")) {
					while (rs.next()) {
						rows.merge(rs.getInt(1), rs.getLong(2), Long::sum);
					}
				}
			}
		}
		return rows;
	}

	/** Even slot counts; among a donor's slots, the one whose rows bring the receiver closest to the mean. */
	private static List<int[]> evenOut(RoutingTable routing, List<String> sets, Map<Integer, Long> rowsOfSlot) {
		if (sets.isEmpty()) {
			throw new IllegalArgumentException("no registered set to plan for");
		}
		Map<String, List<Integer>> owned = new LinkedHashMap<>();
		Map<String, Long> rows = new HashMap<>();
		for (String set : sets) {
			owned.put(set, new ArrayList<>(routing.slotsOf(set)));
			rows.put(set, routing.slotsOf(set).stream().mapToLong(rowsOfSlot::get).sum());
		}
		int total = routing.slotCount();
		long totalRows = rowsOfSlot.values().stream().mapToLong(Long::longValue).sum();
		List<String> bySize = new ArrayList<>(sets);
		bySize.sort(Comparator.comparing((String s) -> -owned.get(s).size()).thenComparing(Comparator.naturalOrder()));
		Map<String, Integer> targetCount = new HashMap<>();
		for (int i = 0; i < bySize.size(); i++) {
			targetCount.put(bySize.get(i), total / sets.size() + ((i < total % sets.size()) ? 1 : 0));
		}
		long meanRows = totalRows / sets.size();
		List<int[]> moves = new ArrayList<>();
		for (String receiver : sets) {
			while (owned.get(receiver).size() < targetCount.get(receiver)) {
				String donor = sets.stream().filter((s) -> owned.get(s).size() > targetCount.get(s))
					.max(Comparator.comparing((String s) -> owned.get(s).size() - targetCount.get(s)))
					.orElseThrow();
				int need = targetCount.get(receiver) - owned.get(receiver).size();
				long ideal = Math.max(0, (meanRows - rows.get(receiver)) / need);
				Integer slot = owned.get(donor).stream()
					.min(Comparator.comparing((Integer s) -> Math.abs(rowsOfSlot.get(s) - ideal)).thenComparing(Comparator.naturalOrder()))
					.orElseThrow();
				owned.get(donor).remove(slot);
				owned.get(receiver).add(slot);
				rows.merge(donor, -rowsOfSlot.get(slot), Long::sum);
				rows.merge(receiver, rowsOfSlot.get(slot), Long::sum);
				moves.add(new int[] { slot, sets.indexOf(receiver) });
			}
		}
		return moves;
	}

	// ---- run

	/**
	 * Starts a rebalance of a plan's moves.
	 * @param plan a plan (made on the current routing)
	 * @param cutover when moves may freeze and flip
	 * @param at with {@link Cutover#SCHEDULED}: not before this instant
	 * @return the rebalance
	 * @throws IllegalArgumentException for an empty plan, a scheduled cutover without an instant
	 * @throws IllegalStateException when another rebalance is not finished, or the routing changed since the plan
	 */
	public synchronized RebalanceStatus start(RebalancePlan plan, Cutover cutover, Instant at) {
		Objects.requireNonNull(plan, "plan must not be null");
		Objects.requireNonNull(cutover, "cutover must not be null");
		if (plan.moves().isEmpty()) {
			throw new IllegalArgumentException("the plan has no moves: the slots are already even");
		}
		if (cutover == Cutover.SCHEDULED && at == null) {
			throw new IllegalArgumentException("a scheduled cutover needs 'cutoverAt'");
		}
		if (cutover != Cutover.SCHEDULED && at != null) {
			throw new IllegalArgumentException("'cutoverAt' goes with cutover SCHEDULED only");
		}
		try {
			String id = UUID.randomUUID().toString();
			this.journal.createRebalance(id, cutover, at, plan.moves(), plan.routingVersion());
			log.info("Rebalance {} started: {} moves, cutover {}", id, plan.moves().size(), cutover);
			return rebalance(id).orElseThrow();
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot start the rebalance: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Pauses a running rebalance at the next safe point (never while a slot is frozen; a move past its flip finishes).
	 * @param id the rebalance
	 * @return its state
	 */
	public RebalanceStatus pause(String id) {
		return transition(id, "PAUSED", Set.of("RUNNING"));
	}

	/**
	 * Resumes a paused rebalance.
	 * @param id the rebalance
	 * @return its state
	 */
	public RebalanceStatus resume(String id) {
		return transition(id, "RUNNING", Set.of("PAUSED"));
	}

	/**
	 * Aborts a rebalance: the move in progress is undone if it has not flipped (source untouched, partial copy
	 * removed), finished otherwise; moves not started are dropped.
	 * @param id the rebalance
	 * @return its state
	 */
	public RebalanceStatus abort(String id) {
		return transition(id, "ABORTING", Set.of("RUNNING", "PAUSED"));
	}

	/**
	 * The operator's go for a {@link Cutover#MANUAL} rebalance: moves freeze and flip as soon as their lag allows.
	 * @param id the rebalance
	 * @return its state
	 */
	public RebalanceStatus cutover(String id) {
		RebalanceStatus status = require(id);
		if (status.cutover() != Cutover.MANUAL) {
			throw new IllegalArgumentException("rebalance " + id + " has cutover " + status.cutover()
					+ "; only a MANUAL one waits for the go");
		}
		if (!Set.of("RUNNING", "PAUSED").contains(status.status())) {
			throw new IllegalStateException("rebalance " + id + " is " + status.status());
		}
		try {
			this.journal.setCutoverAt(id, this.clock.instant());
		}
		catch (SQLException ex) {
			throw new ShardingException(ex.getMessage(), ex);
		}
		return require(id);
	}

	private RebalanceStatus transition(String id, String to, Set<String> from) {
		RebalanceStatus status = require(id);
		if (!from.contains(status.status())) {
			throw new IllegalStateException("rebalance " + id + " is " + status.status() + "; it can become " + to
					+ " only from " + from);
		}
		try {
			this.journal.setRebalanceStatus(id, to);
		}
		catch (SQLException ex) {
			throw new ShardingException(ex.getMessage(), ex);
		}
		return require(id);
	}

	private RebalanceStatus require(String id) {
		return rebalance(id).orElseThrow(() -> new NoSuchElementException("unknown rebalance '" + id + "'"));
	}

	/**
	 * @param id a rebalance
	 * @return it with its moves' progress
	 */
	public Optional<RebalanceStatus> rebalance(String id) {
		try {
			Optional<MoveJournal.RebalanceRow> row = this.journal.rebalance(id);
			if (row.isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(status(row.get()));
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot read rebalance " + id + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param limit most rebalances
	 * @return rebalances, newest first
	 */
	public List<RebalanceStatus> rebalances(int limit) {
		try {
			List<RebalanceStatus> all = new ArrayList<>();
			for (MoveJournal.RebalanceRow row : this.journal.rebalances(limit)) {
				all.add(status(row));
			}
			return all;
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot read rebalances: " + ex.getMessage(), ex);
		}
	}

	private RebalanceStatus status(MoveJournal.RebalanceRow row) throws SQLException {
		SlotMover live = this.current;
		List<SlotMoveStatus> moves = new ArrayList<>();
		for (MoveRecord m : this.journal.moves(row.id())) {
			SlotMoveStatus s = (live != null && live.status().id() == m.id) ? live.status() : m.status(0, null);
			moves.add(s);
		}
		long done = moves.stream().filter((m) -> m.step() == MoveStep.DONE).count();
		long aborted = moves.stream().filter((m) -> m.step() == MoveStep.ABORTED).count();
		return new RebalanceStatus(row.id(), row.status(), row.cutover(), row.cutoverAt(), row.createdAt(), done, aborted,
				moves);
	}

	/** @return the move running now, if any */
	public Optional<SlotMoveStatus> currentMove() {
		SlotMover live = this.current;
		return (live != null) ? Optional.of(live.status()) : Optional.empty();
	}

	// ---- worker

	private void work() {
		while (this.running) {
			try (Connection lock = this.store.metadataDataSource().getConnection()) {
				if (!acquire(lock)) {
					sleep(this.settings.idlePoll().toMillis() * 5);
					continue;
				}
				try {
					releaseFrozenAfterCrash();
					while (this.running) {
						if (!runNext()) {
							sleep(this.settings.idlePoll().toMillis());
						}
					}
				}
				finally {
					try (Statement s = lock.createStatement()) {
						s.execute("DO RELEASE_LOCK('" + LOCK + "')");
					}
				}
			}
			catch (Exception ex) {
				if (this.running) {
					log.warn("Rebalance worker: {}", ex.toString());
					sleep(1000);
				}
			}
		}
	}

	private static boolean acquire(Connection c) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GET_LOCK('" + LOCK + "', 0)")) {
			return rs.next() && rs.getInt(1) == 1;
		}
	}

	/**
	 * A worker that died while a slot was frozen left its writers waiting: give the slot back to the source (the move
	 * freezes again when it is resumed). Runs before any move, under the lock.
	 */
	private void releaseFrozenAfterCrash() throws SQLException {
		for (MoveRecord m : this.journal.activeMoves()) {
			if (m.step == MoveStep.FREEZE || m.step == MoveStep.FLIP) {
				try (Connection c = this.store.setDataSource(m.source).getConnection();
						PreparedStatement ps = c.prepareStatement("UPDATE slot_owner SET state = 'OWNED' WHERE slot = ? AND state = 'FROZEN'")) {
					ps.setInt(1, m.slot);
					if (ps.executeUpdate() > 0) {
						log.warn("Slot {} was left frozen on '{}' by a stopped mover: unfrozen; the move freezes it again",
								m.slot, m.source);
					}
				}
			}
		}
	}

	/** @return true when a move ran */
	private boolean runNext() throws SQLException {
		Map<String, MoveJournal.RebalanceRow> rebalances = new HashMap<>();
		MoveRecord next = null;
		for (MoveRecord m : this.journal.activeMoves()) {
			MoveJournal.RebalanceRow r = rebalances.computeIfAbsent(m.rebalanceId, (id) -> {
				try {
					return this.journal.rebalance(id).orElseThrow();
				}
				catch (SQLException ex) {
					throw new ShardingException(ex.getMessage(), ex);
				}
			});
			boolean mustFinish = !m.step.beforeFlip() && !m.step.terminal();
			if (r.status().equals("RUNNING") || r.status().equals("ABORTING") || mustFinish) {
				if (r.status().equals("ABORTING") && m.step == MoveStep.PLANNED) {
					m.step = MoveStep.ABORTED;
					m.error = "rebalance aborted before this move started";
					this.journal.save(m);
					continue;
				}
				next = m;
				break;
			}
		}
		finishRebalances();
		if (next == null) {
			return false;
		}
		SlotMover mover = new SlotMover(this.store, this.journal, this.settings, this.addresses, this.listener,
				control(), next);
		this.current = mover;
		try {
			mover.run();
			this.failures.remove(next.id);
		}
		catch (Exception ex) {
			int failed = this.failures.merge(next.id, 1, Integer::sum);
			log.warn("Move of slot {} ({} -> {}) failed at {} (failure {}): {}", next.slot, next.source, next.target,
					next.step, failed, ex.toString());
			next.error = next.step + ": " + ex.getMessage();
			if (failed >= FAILURES_BEFORE_ABORT && next.step.beforeFlip()) {
				next.step = MoveStep.ABORTING;
			}
			try {
				this.journal.save(next);
			}
			catch (SQLException saveFailed) {
				log.warn("Cannot record the failure of move {}: {}", next.id, saveFailed.toString());
			}
			sleep(Math.min(5_000, 200L * failed));
		}
		finally {
			mover.close();
			this.current = null;
		}
		finishRebalances();
		return true;
	}

	private void finishRebalances() throws SQLException {
		for (MoveJournal.RebalanceRow r : this.journal.rebalances(20)) {
			if (r.status().equals("RUNNING") || r.status().equals("ABORTING")) {
				List<MoveRecord> moves = this.journal.moves(r.id());
				if (moves.stream().allMatch((m) -> m.step.terminal())) {
					this.journal.setRebalanceStatus(r.id(), r.status().equals("ABORTING") ? "ABORTED" : "DONE");
				}
			}
		}
	}

	private SlotMover.Control control() {
		return new SlotMover.Control() {
			@Override
			public boolean pauseRequested(MoveRecord move) {
				return "PAUSED".equals(status(move));
			}

			@Override
			public boolean abortRequested(MoveRecord move) {
				return "ABORTING".equals(status(move));
			}

			@Override
			public boolean cutoverAllowed(MoveRecord move) {
				MoveJournal.RebalanceRow row = row(move);
				return row.cutover() == Cutover.AUTO
						|| (row.cutoverAt() != null && !Rebalancer.this.clock.instant().isBefore(row.cutoverAt()));
			}

			private String status(MoveRecord move) {
				return row(move).status();
			}

			private MoveJournal.RebalanceRow cached;

			private long cachedAt;

			/** The rebalance's row, read at most every 200 ms (the mover asks after every chunk). */
			private MoveJournal.RebalanceRow row(MoveRecord move) {
				long now = System.nanoTime();
				if (this.cached != null && this.cached.id().equals(move.rebalanceId)
						&& now - this.cachedAt < TimeUnit.MILLISECONDS.toNanos(200)) {
					return this.cached;
				}
				try {
					this.cached = Rebalancer.this.journal.rebalance(move.rebalanceId).orElseThrow();
					this.cachedAt = now;
					return this.cached;
				}
				catch (SQLException ex) {
					throw new ShardingException("Cannot read rebalance " + move.rebalanceId + ": " + ex.getMessage(), ex);
				}
			}
		};
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}


	/** Stops the worker (a move in progress stops at its persisted step and is resumed by the next worker). */
	@Override
	public void close() {
		Thread t;
		synchronized (this) {
			this.running = false;
			t = this.worker;
			this.worker = null;
		}
		if (t != null) {
			t.interrupt();
			try {
				t.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Builds a {@link Rebalancer}. */
	public static final class Builder {

		private final ShardedStore store;

		private RebalanceSettings settings = RebalanceSettings.defaults();

		private Function<String, SetAddress> addresses;

		private MoveListener listener = MoveListener.NONE;

		private Clock clock = Clock.systemUTC();

		private Builder(ShardedStore store) {
			this.store = Objects.requireNonNull(store, "store must not be null");
		}

		/** @param settings tuning @return this */
		public Builder settings(RebalanceSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings must not be null");
			return this;
		}

		/** @param addresses binlog address of each set (default: from its HikariCP pool) @return this */
		public Builder addresses(Function<String, SetAddress> addresses) {
			this.addresses = addresses;
			return this;
		}

		/** @param listener told about each step @return this */
		public Builder listener(MoveListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		/** @param clock time of cutovers @return this */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/** @return the rebalancer, worker not started ({@link Rebalancer#start()}) */
		public Rebalancer build() {
			return new Rebalancer(this);
		}

	}

}
