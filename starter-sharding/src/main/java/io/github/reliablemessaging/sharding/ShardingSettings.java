package io.github.reliablemessaging.sharding;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link ShardedStore}; every value has a default.
 *
 * @param slots number of slots, fixed at initialisation (default 256); must equal the stored count afterwards
 * @param slotColumn name of the column that marks a table as sharded and holds each row's slot (default
 * {@code slot})
 * @param keylessSet the set that serves connections obtained with no shard key bound (read-only: metadata,
 * broadcast tables); null = the first set by name
 * @param migrationLocations Flyway locations of the application's sharded and broadcast tables, migrated on every
 * set; empty = none
 * @param migrationTable Flyway history table of the application's migrations on every set
 * @param migrate whether the store migrates its own and the application's schema on start
 * @param routingPollInterval how often routers read the routing version
 * @param freezeWait longest time a writer waits for a frozen slot before the unit of work fails
 * @param freezeRetryInterval pause between two checks of a frozen slot
 * @param movedRetries how many times a unit of work is retried after {@link SlotMovedException}
 * @param scatterThreads threads that run the sets' parts of scatter-gather queries
 * @param scatterTimeout longest time one scatter-gather query may take on a set
 * @param scatterMaxRows most rows a scatter-gather row query may gather before it is refused
 * @param broadcastTimeout longest time a broadcast write may take on one set before it is queued for repair
 * @param broadcastRepairInterval how often queued broadcast writes are re-applied
 * @param initialSets the sets that receive slots (an even share each) when the store is initialised; null = every
 * configured set; the others start empty and get slots only by a rebalance. Ignored once the store is initialised
 */
public record ShardingSettings(int slots, String slotColumn, String keylessSet, List<String> migrationLocations,
		String migrationTable, boolean migrate, Duration routingPollInterval, Duration freezeWait,
		Duration freezeRetryInterval, int movedRetries, int scatterThreads, Duration scatterTimeout, int scatterMaxRows,
		Duration broadcastTimeout, Duration broadcastRepairInterval, List<String> initialSets) {

	/** Flyway history table of the application's migrations unless configured otherwise. */
	public static final String DEFAULT_MIGRATION_TABLE = "reliable_sharding_app_history";

	/** Validates the settings. */
	public ShardingSettings {
		Slots.of(slots);
		Objects.requireNonNull(slotColumn, "slotColumn must not be null");
		if (!slotColumn.matches("[A-Za-z_][A-Za-z0-9_]*")) {
			throw new IllegalArgumentException("slotColumn must be a plain identifier, was '" + slotColumn + "'");
		}
		migrationLocations = List.copyOf(migrationLocations);
		Objects.requireNonNull(migrationTable, "migrationTable must not be null");
		positive(routingPollInterval, "routingPollInterval");
		positive(freezeWait, "freezeWait");
		positive(freezeRetryInterval, "freezeRetryInterval");
		positive(scatterTimeout, "scatterTimeout");
		positive(broadcastTimeout, "broadcastTimeout");
		positive(broadcastRepairInterval, "broadcastRepairInterval");
		if (movedRetries < 0 || scatterThreads < 1 || scatterMaxRows < 1) {
			throw new IllegalArgumentException("movedRetries must be >= 0, scatterThreads and scatterMaxRows >= 1");
		}
		if (initialSets != null) {
			if (initialSets.isEmpty()) {
				throw new IllegalArgumentException("initialSets must name at least one set (leave it unset for every"
						+ " configured set)");
			}
			for (String set : initialSets) {
				if (set == null || set.isBlank()) {
					throw new IllegalArgumentException("initialSets must not contain a blank name, was " + initialSets);
				}
			}
			initialSets = List.copyOf(new LinkedHashSet<>(initialSets));
		}
	}

	/**
	 * The settings without {@code initialSets}: every configured set receives slots at initialisation.
	 */
	public ShardingSettings(int slots, String slotColumn, String keylessSet, List<String> migrationLocations,
			String migrationTable, boolean migrate, Duration routingPollInterval, Duration freezeWait,
			Duration freezeRetryInterval, int movedRetries, int scatterThreads, Duration scatterTimeout,
			int scatterMaxRows, Duration broadcastTimeout, Duration broadcastRepairInterval) {
		this(slots, slotColumn, keylessSet, migrationLocations, migrationTable, migrate, routingPollInterval,
				freezeWait, freezeRetryInterval, movedRetries, scatterThreads, scatterTimeout, scatterMaxRows,
				broadcastTimeout, broadcastRepairInterval, null);
	}

	private static void positive(Duration value, String name) {
		Objects.requireNonNull(value, name + " must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

	/** @return the defaults: 256 slots, column {@code slot}, no application migrations */
	public static ShardingSettings defaults() {
		return new ShardingSettings(Slots.DEFAULT_SLOTS, "slot", null, List.of(), DEFAULT_MIGRATION_TABLE, true,
				Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(10), 5, 8, Duration.ofSeconds(30),
				100_000, Duration.ofSeconds(5), Duration.ofSeconds(10));
	}

	/**
	 * @param count number of slots
	 * @return a copy with that slot count
	 */
	public ShardingSettings withSlots(int count) {
		return new ShardingSettings(count, this.slotColumn, this.keylessSet, this.migrationLocations,
				this.migrationTable, this.migrate, this.routingPollInterval, this.freezeWait, this.freezeRetryInterval,
				this.movedRetries, this.scatterThreads, this.scatterTimeout, this.scatterMaxRows, this.broadcastTimeout,
				this.broadcastRepairInterval, this.initialSets);
	}

	/**
	 * @param locations Flyway locations of the application's sharded and broadcast tables
	 * @return a copy with those locations
	 */
	public ShardingSettings withMigrationLocations(List<String> locations) {
		return new ShardingSettings(this.slots, this.slotColumn, this.keylessSet, locations, this.migrationTable,
				this.migrate, this.routingPollInterval, this.freezeWait, this.freezeRetryInterval, this.movedRetries,
				this.scatterThreads, this.scatterTimeout, this.scatterMaxRows, this.broadcastTimeout,
				this.broadcastRepairInterval, this.initialSets);
	}

	/**
	 * @param poll routing version poll interval
	 * @param wait longest freeze wait
	 * @param retry pause between two checks of a frozen slot
	 * @return a copy with those timings
	 */
	public ShardingSettings withTimings(Duration poll, Duration wait, Duration retry) {
		return new ShardingSettings(this.slots, this.slotColumn, this.keylessSet, this.migrationLocations,
				this.migrationTable, this.migrate, poll, wait, retry, this.movedRetries, this.scatterThreads,
				this.scatterTimeout, this.scatterMaxRows, this.broadcastTimeout, this.broadcastRepairInterval,
				this.initialSets);
	}

	/**
	 * @param interval how often queued broadcast writes are re-applied
	 * @param timeout longest time of a broadcast write on one set
	 * @return a copy with those broadcast settings
	 */
	public ShardingSettings withBroadcast(Duration interval, Duration timeout) {
		return new ShardingSettings(this.slots, this.slotColumn, this.keylessSet, this.migrationLocations,
				this.migrationTable, this.migrate, this.routingPollInterval, this.freezeWait, this.freezeRetryInterval,
				this.movedRetries, this.scatterThreads, this.scatterTimeout, this.scatterMaxRows, timeout, interval,
				this.initialSets);
	}

	/**
	 * @param sets the sets that receive slots when the store is initialised; null = every configured set
	 * @return a copy with those initial sets
	 */
	public ShardingSettings withInitialSets(List<String> sets) {
		return new ShardingSettings(this.slots, this.slotColumn, this.keylessSet, this.migrationLocations,
				this.migrationTable, this.migrate, this.routingPollInterval, this.freezeWait, this.freezeRetryInterval,
				this.movedRetries, this.scatterThreads, this.scatterTimeout, this.scatterMaxRows, this.broadcastTimeout,
				this.broadcastRepairInterval, sets);
	}

}
