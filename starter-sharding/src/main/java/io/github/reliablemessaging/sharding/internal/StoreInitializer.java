package io.github.reliablemessaging.sharding.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.ShardingSettings;
import io.github.reliablemessaging.sharding.SlotState;
import io.github.reliablemessaging.sharding.Slots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up of a store: reach every database, migrate, initialise the routing once (under a named lock in the
 * metadata database, so concurrent starters agree) or check it against the configuration.
 */
public final class StoreInitializer {

	private static final Logger log = LoggerFactory.getLogger(StoreInitializer.class);

	private static final String INIT_LOCK = "reliable_sharding_init";

	private final Metadata metadata;

	private final Map<String, DataSource> sets;

	private final ShardingSettings settings;

	/**
	 * @param metadata the metadata database
	 * @param sets configured sets
	 * @param settings store settings
	 */
	public StoreInitializer(Metadata metadata, Map<String, DataSource> sets, ShardingSettings settings) {
		this.metadata = metadata;
		this.sets = sets;
		this.settings = settings;
	}

	/** @return the routing in force after start-up checks */
	public RoutingTable run() {
		checkInitialSets();
		reachable("the metadata database", this.metadata.dataSource());
		this.sets.forEach((name, ds) -> reachable("set '" + name + "'", ds));
		if (this.settings.migrate()) {
			migrate("the metadata database", () -> SchemaMigrations.migrateMetadata(this.metadata.dataSource()));
			this.sets.forEach((name, ds) -> migrate("set '" + name + "'", () -> SchemaMigrations.migrateSet(ds,
					this.settings.migrationLocations(), this.settings.migrationTable())));
		}
		try {
			if (this.metadata.version() == 0) {
				initialiseUnderLock();
			}
			else if (this.settings.initialSets() != null) {
				log.info("reliable.sharding.initial-sets {} ignored: the store is already initialised (routing version {});"
						+ " slots reach other sets only by a rebalance", this.settings.initialSets(), this.metadata.version());
			}
			checkConfig();
			RoutingTable routing = this.metadata.routing(this.settings.slots());
			for (String set : routing.sets()) {
				if (!this.sets.containsKey(set)) {
					throw new ShardingException("Set '" + set + "' owns " + routing.slotsOf(set).size()
							+ " slots in the routing (version " + routing.version() + ") but is not configured: add"
							+ " reliable.sharding.sets." + set + ".url (configured sets: " + this.sets.keySet() + ")");
				}
			}
			for (String set : this.sets.keySet()) {
				this.metadata.registerSet(set);
			}
			checkOwnership(routing);
			return routing;
		}
		catch (SQLException ex) {
			throw new ShardingException("Could not read the routing from the metadata database: " + ex.getMessage(), ex);
		}
	}

	private static void reachable(String what, DataSource ds) {
		try (Connection c = ds.getConnection()) {
			if (!c.isValid(5)) {
				throw new ShardingException("Cannot reach " + what + " (" + ds + "): the connection is not valid");
			}
		}
		catch (SQLException ex) {
			throw new ShardingException("Cannot reach " + what + " (" + ds + "): " + ex.getMessage(), ex);
		}
	}

	private static void migrate(String what, Runnable migration) {
		try {
			migration.run();
		}
		catch (RuntimeException ex) {
			throw new ShardingException("Schema migration of " + what + " failed: " + ex.getMessage(), ex);
		}
	}

	private void checkConfig() throws SQLException {
		Map<String, String> stored = this.metadata.config();
		String slots = stored.get("slots");
		if (slots == null) {
			throw new ShardingException("The metadata database has a routing but no stored slot count");
		}
		if (Integer.parseInt(slots) != this.settings.slots()) {
			throw new ShardingException("The store was initialised with " + slots + " slots but reliable.sharding.slots is "
					+ this.settings.slots() + "; the slot count never changes after initialisation: set"
					+ " reliable.sharding.slots=" + slots);
		}
		String hash = stored.get("hash");
		if (!Slots.HASH_NAME.equals(hash)) {
			throw new ShardingException("The store was initialised with slot function '" + hash + "' but this version"
					+ " computes '" + Slots.HASH_NAME + "'");
		}
	}

	private void initialiseUnderLock() throws SQLException {
		try (Connection lock = this.metadata.dataSource().getConnection()) {
			try (PreparedStatement ps = lock.prepareStatement("SELECT GET_LOCK(?, 60)")) {
				ps.setString(1, INIT_LOCK);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next() || rs.getInt(1) != 1) {
						throw new ShardingException("Could not take the initialisation lock in the metadata database");
					}
				}
			}
			try {
				if (this.metadata.version() != 0) {
					return; // another instance initialised meanwhile
				}
				String[] routing = initialAssignment();
				// sets first: no router can route before version 1 exists, so rewriting their ownership rows is safe
				for (Map.Entry<String, DataSource> set : this.sets.entrySet()) {
					writeOwnership(set.getKey(), set.getValue(), routing);
				}
				this.metadata.initialise(this.settings.slots(), Slots.HASH_NAME, routing);
				TreeSet<String> empty = new TreeSet<>(this.sets.keySet());
				empty.removeAll(initialSetNames());
				if (empty.isEmpty()) {
					log.info("Initialised the sharded store: {} slots over sets {}", this.settings.slots(),
							new TreeSet<>(this.sets.keySet()));
				}
				else {
					log.info("Initialised the sharded store: {} slots over sets {}; sets {} start empty (not in"
							+ " reliable.sharding.initial-sets) until a rebalance moves slots onto them", this.settings.slots(),
							new TreeSet<>(initialSetNames()), empty);
				}
			}
			finally {
				try (PreparedStatement ps = lock.prepareStatement("SELECT RELEASE_LOCK(?)")) {
					ps.setString(1, INIT_LOCK);
					ps.executeQuery().close();
				}
			}
		}
	}

	/** Every initial set must be configured, so a typo fails start-up instead of leaving a set empty. */
	private void checkInitialSets() {
		List<String> initial = this.settings.initialSets();
		if (initial == null) {
			return;
		}
		List<String> unknown = new ArrayList<>(initial);
		unknown.removeAll(this.sets.keySet());
		if (!unknown.isEmpty()) {
			throw new ShardingException("reliable.sharding.initial-sets names " + unknown + " but only configured sets can"
					+ " receive slots; configured sets: " + new TreeSet<>(this.sets.keySet()) + " (add"
					+ " reliable.sharding.sets.<name>.url or remove the name)");
		}
	}

	/** @return the sets that receive slots at initialisation: the configured initial sets, or every set */
	private Set<String> initialSetNames() {
		return (this.settings.initialSets() != null) ? new TreeSet<>(this.settings.initialSets())
				: new TreeSet<>(this.sets.keySet());
	}

	/**
	 * Contiguous, even ranges over the initial sets in name order: with 2 sets and 256 slots, 0-127 and 128-255. Sets
	 * not among them get no slot.
	 */
	private String[] initialAssignment() {
		List<String> names = new ArrayList<>(initialSetNames());
		int slots = this.settings.slots();
		String[] routing = new String[slots];
		for (int slot = 0; slot < slots; slot++) {
			routing[slot] = names.get((int) ((long) slot * names.size() / slots));
		}
		return routing;
	}

	private static void writeOwnership(String set, DataSource ds, String[] routing) throws SQLException {
		try (Connection c = ds.getConnection()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				s.executeUpdate("DELETE FROM slot_owner");
			}
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO slot_owner (slot, state, version) VALUES (?, '" + SlotState.OWNED.name() + "', 1)")) {
				for (int slot = 0; slot < routing.length; slot++) {
					if (routing[slot].equals(set)) {
						ps.setInt(1, slot);
						ps.addBatch();
					}
				}
				ps.executeBatch();
			}
			c.commit();
			c.setAutoCommit(true);
		}
	}

	/** Logs disagreements between the routing and the sets' ownership rows (a move in progress, or damage). */
	private void checkOwnership(RoutingTable routing) throws SQLException {
		for (Map.Entry<String, DataSource> set : this.sets.entrySet()) {
			Map<Integer, String> states = new HashMap<>();
			try (Connection c = set.getValue().getConnection();
					Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT slot, state FROM slot_owner")) {
				while (rs.next()) {
					states.put(rs.getInt(1), rs.getString(2));
				}
			}
			List<Integer> unclaimed = new ArrayList<>();
			for (int slot : routing.slotsOf(set.getKey())) {
				String state = states.get(slot);
				if (state == null || !SlotState.valueOf(state).claims()) {
					unclaimed.add(slot);
				}
			}
			List<Integer> foreign = new ArrayList<>();
			states.forEach((slot, state) -> {
				if (SlotState.valueOf(state).claims() && !set.getKey().equals(routing.setOf(slot))) {
					foreign.add(slot);
				}
			});
			if (!unclaimed.isEmpty() || !foreign.isEmpty()) {
				log.warn("Set '{}' disagrees with routing version {}: routed here but not owned {}, owned here but routed"
						+ " elsewhere {} (a slot move in progress, or damage)", set.getKey(), routing.version(), unclaimed,
						foreign);
			}
		}
	}

}
