package io.github.reliablemessaging.sharding.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.sharding.ShardingSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The sharded order store: sets, metadata database, slots, fencing, scatter-gather and broadcast settings. */
@ConfigurationProperties("reliable.sharding")
public class ShardingProperties {

	/** Whether the sharded store is set up (it also needs reliable.sharding.metadata.url). */
	private boolean enabled = true;

	/** Number of slots, fixed when the store is initialised; must equal the stored count afterwards. */
	private int slots = 256;

	/** Column that marks a table as sharded and holds each row's slot. */
	private String slotColumn = "slot";

	/** Set that serves connections obtained with no shard key bound (read-only); default the first set by name. */
	private String keylessSet;

	/**
	 * Sets that receive slots (an even share each) when the store is initialised; default: every configured set. The
	 * others start empty until a rebalance moves slots onto them. Ignored once the store is initialised.
	 */
	private List<String> initialSets;

	/** The metadata database (routing table, routing version, broadcast repair journal). */
	private final Pool metadata = new Pool();

	/** The sets by name: each a MySQL database holding some slots' rows and a full copy of the broadcast tables. */
	private final Map<String, Pool> sets = new LinkedHashMap<>();

	private final Migrations migrations = new Migrations();

	private final Routing routing = new Routing();

	private final Fencing fencing = new Fencing();

	private final Scatter scatter = new Scatter();

	private final Broadcast broadcast = new Broadcast();

	private final Ids ids = new Ids();

	/** @return the core settings these properties describe */
	public ShardingSettings toSettings() {
		return new ShardingSettings(this.slots, this.slotColumn, this.keylessSet,
				this.migrations.enabled ? this.migrations.locations : List.of(), this.migrations.table,
				this.migrations.enabled, this.routing.pollInterval, this.fencing.freezeWait, this.fencing.retryInterval,
				this.fencing.movedRetries, this.scatter.threads, this.scatter.timeout, this.scatter.maxRows,
				this.broadcast.timeout, this.broadcast.repairInterval, this.initialSets);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getSlots() {
		return this.slots;
	}

	public void setSlots(int slots) {
		this.slots = slots;
	}

	public String getSlotColumn() {
		return this.slotColumn;
	}

	public void setSlotColumn(String slotColumn) {
		this.slotColumn = slotColumn;
	}

	public String getKeylessSet() {
		return this.keylessSet;
	}

	public void setKeylessSet(String keylessSet) {
		this.keylessSet = keylessSet;
	}

	public List<String> getInitialSets() {
		return this.initialSets;
	}

	public void setInitialSets(List<String> initialSets) {
		this.initialSets = initialSets;
	}

	public Pool getMetadata() {
		return this.metadata;
	}

	public Map<String, Pool> getSets() {
		return this.sets;
	}

	public Migrations getMigrations() {
		return this.migrations;
	}

	public Routing getRouting() {
		return this.routing;
	}

	public Fencing getFencing() {
		return this.fencing;
	}

	public Scatter getScatter() {
		return this.scatter;
	}

	public Broadcast getBroadcast() {
		return this.broadcast;
	}

	public Ids getIds() {
		return this.ids;
	}

	/** Connection pool of one database (HikariCP). */
	public static class Pool {

		/** JDBC URL, e.g. jdbc:mysql://host:3306/orders_a. */
		private String url;

		/** Login user. */
		private String username;

		/** Login password. */
		private String password;

		/** JDBC driver class; default: detected from the URL. */
		private String driverClassName;

		/** Most connections in the pool. */
		private int maximumPoolSize = 10;

		/** Fewest idle connections kept. */
		private int minimumIdle = 1;

		/** Longest wait for a connection; also how fast a set that is down is reported. */
		private Duration connectionTimeout = Duration.ofSeconds(5);

		/** Extra driver properties. */
		private final Map<String, String> properties = new LinkedHashMap<>();

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getDriverClassName() {
			return this.driverClassName;
		}

		public void setDriverClassName(String driverClassName) {
			this.driverClassName = driverClassName;
		}

		public int getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(int maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

		public int getMinimumIdle() {
			return this.minimumIdle;
		}

		public void setMinimumIdle(int minimumIdle) {
			this.minimumIdle = minimumIdle;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Map<String, String> getProperties() {
			return this.properties;
		}

	}

	/** Flyway migrations of the application's sharded and broadcast tables, run on every set. */
	public static class Migrations {

		/** Whether the store migrates its own and the application's schema on start. */
		private boolean enabled = true;

		/** Flyway locations of the application's sharded and broadcast tables. */
		private List<String> locations = new ArrayList<>(List.of("classpath:db/sharding"));

		/** Flyway history table of the application's migrations on every set. */
		private String table = "reliable_sharding_app_history";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getLocations() {
			return this.locations;
		}

		public void setLocations(List<String> locations) {
			this.locations = locations;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

	}

	/** Routing cache. */
	public static class Routing {

		/** How often the routing version is read; a change reloads the routing. */
		private Duration pollInterval = Duration.ofSeconds(1);

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/** Storage fencing. */
	public static class Fencing {

		/** Longest time a writer waits for a frozen slot before its unit of work fails. */
		private Duration freezeWait = Duration.ofSeconds(10);

		/** Pause between two checks of a frozen slot. */
		private Duration retryInterval = Duration.ofMillis(10);

		/** How often a unit of work is retried after the set refused it because the slot moved. */
		private int movedRetries = 5;

		public Duration getFreezeWait() {
			return this.freezeWait;
		}

		public void setFreezeWait(Duration freezeWait) {
			this.freezeWait = freezeWait;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		public int getMovedRetries() {
			return this.movedRetries;
		}

		public void setMovedRetries(int movedRetries) {
			this.movedRetries = movedRetries;
		}

	}

	/** Scatter-gather queries. */
	public static class Scatter {

		/** Threads that run the sets' parts of scatter-gather queries. */
		private int threads = 8;

		/** Longest time one scatter-gather query may take on a set. */
		private Duration timeout = Duration.ofSeconds(30);

		/** Most rows a row query may gather before it is refused. */
		private int maxRows = 100_000;

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxRows() {
			return this.maxRows;
		}

		public void setMaxRows(int maxRows) {
			this.maxRows = maxRows;
		}

	}

	/** Broadcast tables. */
	public static class Broadcast {

		/** Longest time a broadcast write may take on one set before it is journalled for repair. */
		private Duration timeout = Duration.ofSeconds(5);

		/** How often journalled broadcast writes are re-applied. */
		private Duration repairInterval = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRepairInterval() {
			return this.repairInterval;
		}

		public void setRepairInterval(Duration repairInterval) {
			this.repairInterval = repairInterval;
		}

	}

	/** Id generation. */
	public static class Ids {

		/** This instance's worker id (0-63) for the SlotIdGenerator bean; unique among running instances. */
		private Integer workerId;

		public Integer getWorkerId() {
			return this.workerId;
		}

		public void setWorkerId(Integer workerId) {
			this.workerId = workerId;
		}

	}

}
