package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.internal.BroadcastJournal;
import io.github.reliablemessaging.sharding.internal.Metadata;
import io.github.reliablemessaging.sharding.internal.OpenTransactions;
import io.github.reliablemessaging.sharding.internal.Router;
import io.github.reliablemessaging.sharding.internal.SetInspector;
import io.github.reliablemessaging.sharding.internal.StoreInitializer;
import io.github.reliablemessaging.sharding.internal.StoreRuntime;
import io.github.reliablemessaging.sharding.internal.TableCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sharded store: a fixed number of slots spread over several MySQL "sets", a routing table with a version in a
 * metadata database, fenced writes, scatter-gather queries and broadcast tables. Spring-free; the Boot starter
 * builds one from {@code reliable.sharding.*}.
 *
 * <pre>{@code
 * ShardedStore store = ShardedStore.builder()
 *         .metadata(metadataDataSource)
 *         .set("a", setA).set("b", setB)
 *         .settings(ShardingSettings.defaults().withMigrationLocations(List.of("classpath:db/sharding")))
 *         .build();
 * store.start();   // migrates, initialises or validates the routing
 * store.execute(userId, () -> jdbcTemplate.update(...));   // fenced, retried on a stale route
 * }</pre>
 */
public final class ShardedStore implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ShardedStore.class);

	private final DataSource metadataDataSource;

	private final Map<String, DataSource> sets;

	private final ShardingSettings settings;

	private final boolean closeDataSources;

	private final Slots slots;

	private final ShardingStatistics statistics = new ShardingStatistics();

	private final ShardedDataSource dataSource = new ShardedDataSource(this);

	private volatile Router router;

	private volatile StoreRuntime runtime;

	private volatile String keylessSet;

	private volatile ScatterGather scatterGather;

	private volatile BroadcastWriter broadcast;

	private ShardedStore(Builder builder) {
		this.metadataDataSource = Objects.requireNonNull(builder.metadata, "metadata DataSource must not be null");
		if (builder.sets.isEmpty()) {
			throw new ShardingException("A sharded store needs at least one set (reliable.sharding.sets.<name>.url)");
		}
		this.sets = Collections.unmodifiableMap(new LinkedHashMap<>(builder.sets));
		this.settings = builder.settings;
		this.closeDataSources = builder.closeDataSources;
		this.slots = Slots.of(this.settings.slots());
	}

	/** @return a builder */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Migrates the schemas, initialises the routing on first start (slots spread evenly over the sets by name) or
	 * checks it against the configuration, and starts the routing poll and the broadcast repair job.
	 * @return this store
	 * @throws ShardingException naming the set, slot count or table that prevents the start
	 */
	public synchronized ShardedStore start() {
		if (this.router != null) {
			return this;
		}
		Metadata metadata = new Metadata(this.metadataDataSource);
		StoreInitializer initializer = new StoreInitializer(metadata, this.sets, this.settings);
		RoutingTable routing = initializer.run();
		TableCatalog catalog = new SetInspector(this.sets, this.settings.slotColumn(), this.settings.migrationTable()).catalog();
		this.runtime = new StoreRuntime(this.settings.freezeWait(), this.settings.freezeRetryInterval(), catalog,
				this.statistics);
		this.keylessSet = (this.settings.keylessSet() != null) ? this.settings.keylessSet()
				: new TreeSet<>(this.sets.keySet()).first();
		if (!this.sets.containsKey(this.keylessSet)) {
			throw new ShardingException("The keyless set '" + this.keylessSet + "' is not configured; configured sets: "
					+ this.sets.keySet());
		}
		Router started = new Router(metadata, this.slots.count(), routing);
		started.startPolling(this.settings.routingPollInterval());
		this.scatterGather = new ScatterGather(this);
		this.broadcast = new BroadcastWriter(this, new BroadcastJournal(this.metadataDataSource));
		this.broadcast.startRepair(this.settings.broadcastRepairInterval());
		this.router = started;
		log.info("Sharded store started: {} slots over sets {}, routing version {}, sharded tables {}, broadcast tables {}",
				this.slots.count(), routing.sets(), routing.version(), catalog.sharded(), catalog.broadcast());
		return this;
	}

	/**
	 * Binds a shard key to the current thread; close it (try-with-resources) to restore the previous binding.
	 * @param key the shard key (see {@link Slots} for the accepted types)
	 * @return the binding, which reports the slot
	 * @throws ShardingException when this thread has a transaction open on another slot
	 */
	public ShardContext bind(Object key) {
		Objects.requireNonNull(key, "key must not be null");
		return ShardContext.open(key, this.slots.slotOf(key));
	}

	/**
	 * Binds a slot without a key, for work on a whole slot (copying, checking, deleting it).
	 * @param slot a slot
	 * @return the binding
	 */
	public ShardContext bindSlot(int slot) {
		if (slot < 0 || slot >= this.slots.count()) {
			throw new IllegalArgumentException("slot must be between 0 and " + (this.slots.count() - 1) + ", was " + slot);
		}
		return ShardContext.open(null, slot);
	}

	/**
	 * Runs a unit of work with the key bound, retrying it as a whole when the storage fence refuses it: after a route
	 * refresh when the set no longer owns the slot, after a pause while the slot is frozen. Retries happen only here,
	 * outside any transaction of this thread; inside one the refusal propagates to the outermost unit of work.
	 *
	 * <p>The work must be safe to run again: it is retried only after its transaction was rolled back, but effects
	 * outside the database (messages sent, calls made) are not.
	 * @param key the shard key
	 * @param work the unit of work; it opens and commits its own transaction(s)
	 * @param <T> result type
	 * @param <X> exception the work may throw
	 * @return the work's result
	 * @throws X the work's own failure, or the last fencing refusal once retries are used up
	 */
	public <T, X extends Throwable> T execute(Object key, ShardedWork<T, X> work) throws X {
		Objects.requireNonNull(work, "work must not be null");
		boolean retry = !OpenTransactions.any();
		int moved = 0;
		long frozenSince = 0;
		while (true) {
			try (ShardContext context = bind(key)) {
				return work.run();
			}
			catch (Throwable ex) {
				SlotFencedException fenced = SlotFencedException.find(ex);
				if (fenced == null || !retry) {
					throw ShardedStore.<RuntimeException>sneaky(ex);
				}
				if (fenced instanceof SlotMovedException) {
					if (++moved > this.settings.movedRetries()) {
						throw ShardedStore.<RuntimeException>sneaky(ex);
					}
					this.statistics.fencingRetry();
					RoutingTable before = router().table();
					RoutingTable after = router().refresh();
					if (after.setOf(fenced.slot()).equals(fenced.set())) {
						// the set says MOVED but the routing has not flipped yet: give the move a moment
						log.debug("Slot {} refused by set {} at routing version {} (was {}); waiting for the flip",
								fenced.slot(), fenced.set(), after.version(), before.version());
						pause(this.settings.freezeRetryInterval().toNanos() * moved);
					}
				}
				else {
					long now = System.nanoTime();
					frozenSince = (frozenSince == 0) ? now : frozenSince;
					if (now - frozenSince >= this.settings.freezeWait().toNanos()) {
						throw ShardedStore.<RuntimeException>sneaky(ex);
					}
					this.statistics.fencingRetry();
					pause(this.settings.freezeRetryInterval().toNanos());
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable error) throws E {
		throw (E) error;
	}

	private static void pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ShardingException("Interrupted while retrying a fenced unit of work", ex);
		}
	}

	/** @return the routing DataSource (connections of the set of the bound key's slot) */
	public ShardedDataSource dataSource() {
		return this.dataSource;
	}

	/** @return queries over all sets, merged */
	public ScatterGather scatterGather() {
		requireStarted();
		return this.scatterGather;
	}

	/** @return writes of broadcast tables to every set */
	public BroadcastWriter broadcast() {
		requireStarted();
		return this.broadcast;
	}

	/** @return the slot function of this store */
	public Slots slots() {
		return this.slots;
	}

	/** @return the counters of this store */
	public ShardingStatistics statistics() {
		return this.statistics;
	}

	/** @return the settings */
	public ShardingSettings settings() {
		return this.settings;
	}

	/** @return the cached routing */
	public RoutingTable routing() {
		return router().table();
	}

	/** @return the routing after reading the version now (and reloading on change) */
	public RoutingTable refreshRouting() {
		return router().refresh();
	}

	/** @return configured set names, in configuration order */
	public List<String> setNames() {
		return new ArrayList<>(this.sets.keySet());
	}

	/**
	 * The raw pool of a set: no routing, no fence. For the store's own jobs (scatter-gather, broadcast, moving
	 * slots); application code goes through {@link #dataSource()}.
	 * @param set a configured set
	 * @return its DataSource
	 */
	public DataSource setDataSource(String set) {
		DataSource ds = this.sets.get(set);
		if (ds == null) {
			throw new ShardingException("Set '" + set + "' is in the routing but not configured (reliable.sharding.sets."
					+ set + ".url); configured sets: " + this.sets.keySet());
		}
		return ds;
	}

	/** @return the metadata database */
	public DataSource metadataDataSource() {
		return this.metadataDataSource;
	}

	/** @return sharded tables found on the sets (lower case) */
	public Set<String> shardedTables() {
		requireStarted();
		return this.runtime.catalog().sharded();
	}

	/** @return broadcast tables found on the sets (lower case) */
	public Set<String> broadcastTables() {
		requireStarted();
		return this.runtime.catalog().broadcast();
	}

	/**
	 * The slot map: which set owns which slots, with ownership states and row counts.
	 * @param exactRowCounts count rows exactly ({@code COUNT(*)} per sharded table) instead of InnoDB's estimate
	 * @return the descriptor
	 */
	public SlotMap slotMap(boolean exactRowCounts) {
		requireStarted();
		return SlotMap.read(this, exactRowCounts);
	}

	String keylessSet() {
		requireStarted();
		return this.keylessSet;
	}

	StoreRuntime runtime() {
		requireStarted();
		return this.runtime;
	}

	Router router() {
		Router current = this.router;
		if (current == null) {
			throw new ShardingException("The sharded store is not started");
		}
		return current;
	}

	private void requireStarted() {
		router();
	}

	/** Stops the routing poll, the repair job and the scatter threads; closes the pools if the store owns them. */
	@Override
	public synchronized void close() {
		if (this.broadcast != null) {
			this.broadcast.close();
		}
		if (this.scatterGather != null) {
			this.scatterGather.close();
		}
		if (this.router != null) {
			this.router.close();
		}
		if (this.closeDataSources) {
			for (DataSource ds : this.sets.values()) {
				closeQuietly(ds);
			}
			closeQuietly(this.metadataDataSource);
		}
	}

	private static void closeQuietly(DataSource ds) {
		if (ds instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				log.debug("Closing {} failed: {}", ds, ex.getMessage());
			}
		}
	}

	/**
	 * Checks that a connection of every set can be had.
	 * @return set name -> error message for the sets that do not answer (empty when all do)
	 */
	public Map<String, String> unreachableSets() {
		Map<String, String> down = new LinkedHashMap<>();
		this.sets.forEach((name, ds) -> {
			try (Connection c = ds.getConnection()) {
				c.isValid(2);
			}
			catch (SQLException ex) {
				down.put(name, ex.getMessage());
			}
		});
		return down;
	}

	/**
	 * A unit of work run by {@link #execute(Object, ShardedWork)}.
	 *
	 * @param <T> result type
	 * @param <X> exception type
	 */
	@FunctionalInterface
	public interface ShardedWork<T, X extends Throwable> {

		/**
		 * @return the result
		 * @throws X the work's failure
		 */
		T run() throws X;

	}

	/** Builds a {@link ShardedStore}. */
	public static final class Builder {

		private DataSource metadata;

		private final Map<String, DataSource> sets = new LinkedHashMap<>();

		private ShardingSettings settings = ShardingSettings.defaults();

		private boolean closeDataSources;

		private Builder() {
		}

		/**
		 * @param dataSource the metadata database
		 * @return this builder
		 */
		public Builder metadata(DataSource dataSource) {
			this.metadata = Objects.requireNonNull(dataSource, "dataSource must not be null");
			return this;
		}

		/**
		 * @param name the set's name: letters, digits, {@code _} and {@code -}
		 * @param dataSource a pool of the set's database
		 * @return this builder
		 */
		public Builder set(String name, DataSource dataSource) {
			Objects.requireNonNull(name, "name must not be null");
			if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
				throw new IllegalArgumentException("set name must match [A-Za-z0-9_-]{1,64}, was '" + name + "'");
			}
			this.sets.put(name, Objects.requireNonNull(dataSource, "dataSource must not be null"));
			return this;
		}

		/**
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(ShardingSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings must not be null");
			return this;
		}

		/**
		 * @param close whether {@link ShardedStore#close()} closes the set and metadata pools
		 * @return this builder
		 */
		public Builder closeDataSources(boolean close) {
			this.closeDataSources = close;
			return this;
		}

		/** @return the store, not started */
		public ShardedStore build() {
			return new ShardedStore(this);
		}

	}

}
