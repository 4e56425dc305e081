package io.github.reliablemessaging.idempotency.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Idempotent consumption with {@code @IdempotentListener}. */
@ConfigurationProperties("reliable.idempotency")
public class IdempotencyProperties {

	/** Whether @IdempotentListener methods are made idempotent (false leaves them plain listeners). */
	private boolean enabled = true;

	/** Bean name of the transaction manager of the business transaction; by default the only (or primary) one. */
	private String transactionManager;

	/** Name of the idempotency table (its Flyway history table is this name + "_schema_history"). */
	private String tableName = "reliable_idempotency";

	private final Schema schema = new Schema();

	private final Redis redis = new Redis();

	private final Retention retention = new Retention();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTransactionManager() {
		return this.transactionManager;
	}

	public void setTransactionManager(String transactionManager) {
		this.transactionManager = transactionManager;
	}

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	public Schema getSchema() {
		return this.schema;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Retention getRetention() {
		return this.retention;
	}

	/** Creation and upgrade of the idempotency table. */
	public static class Schema {

		/** Whether the starter's Flyway migrations create and upgrade the table at start-up. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** The Redis done-marker layer in front of the database (needs a RedissonClient bean). */
	public static class Redis {

		/** Whether the Redis pre-check and done-markers are used (runtime switch: idempotency.redis.enabled). */
		private boolean enabled = true;

		/** Prefix of the done-marker keys. */
		private String keyPrefix = "idem:";

		/** Time to live of a done-marker. */
		private Duration ttl = Duration.ofDays(1);

		/** Longest wait for one Redis call before it counts as failed and the database alone decides. */
		private Duration timeout = Duration.ofMillis(100);

		/** Consecutive Redis failures that open the circuit breaker (Redis is then bypassed). */
		private int failureThreshold = 5;

		/** Time the circuit stays open before one probe call tries Redis again. */
		private Duration coolDown = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getCoolDown() {
			return this.coolDown;
		}

		public void setCoolDown(Duration coolDown) {
			this.coolDown = coolDown;
		}

	}

	/** Deletion of old idempotency rows. */
	public static class Retention {

		/** Whether old rows are purged on a schedule. */
		private boolean enabled = true;

		/** How long rows are kept; must be at least the topic retention plus the longest replay window. */
		private Duration period = Duration.ofDays(7);

		/** Rows deleted per statement (each batch commits on its own). */
		private int batchSize = 1000;

		/** Delay between two purge runs. */
		private Duration interval = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
