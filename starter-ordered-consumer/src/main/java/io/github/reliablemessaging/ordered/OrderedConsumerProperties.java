package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * {@code reliable.ordered.*}: defaults of every ordered listener, and per-listener overrides under
 * {@code reliable.ordered.listeners.<listenerId>.*}.
 *
 * <pre>
 * reliable.ordered.concurrency=16
 * reliable.ordered.listeners.orders.concurrency=64
 * reliable.ordered.listeners.orders.retry.max-attempts=5
 * </pre>
 */
@ConfigurationProperties("reliable.ordered")
public class OrderedConsumerProperties {

	/** Whether the ordered listener container factory is auto-configured. */
	private boolean enabled = true;

	/** Worker threads per listener, each draining its own in-memory queue (1 to 1024). */
	private int concurrency = 16;

	/** Whether records are processed by the worker pool; false processes them one at a time in poll order. */
	private boolean multithreaded = true;

	/** Records of one partition received but not yet committable at which the partition is paused. */
	private int maxInFlightPerPartition = 1000;

	/** Records of one partition at or below which a partition paused for backpressure resumes (default: half the maximum). */
	private Integer resumeInFlightPerPartition;

	/** How often completed offsets are committed. */
	private Duration commitInterval = Duration.ofMillis(100);

	/** Longest time one poll blocks; bounds how late commits and operator requests are seen. */
	private Duration pollTimeout = Duration.ofMillis(100);

	/** How long a graceful stop waits for dispatched records to complete before committing and closing. */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/** How long a partition revocation or a seek waits for the partition's record being processed now. */
	private Duration revokeTimeout = Duration.ofSeconds(5);

	private final Retry retry = new Retry();

	private final DeadLetter deadLetter = new DeadLetter();

	/** Per-listener overrides, by listener id. */
	private final Map<String, Listener> listeners = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public boolean isMultithreaded() {
		return this.multithreaded;
	}

	public void setMultithreaded(boolean multithreaded) {
		this.multithreaded = multithreaded;
	}

	public int getMaxInFlightPerPartition() {
		return this.maxInFlightPerPartition;
	}

	public void setMaxInFlightPerPartition(int maxInFlightPerPartition) {
		this.maxInFlightPerPartition = maxInFlightPerPartition;
	}

	public Integer getResumeInFlightPerPartition() {
		return this.resumeInFlightPerPartition;
	}

	public void setResumeInFlightPerPartition(Integer resumeInFlightPerPartition) {
		this.resumeInFlightPerPartition = resumeInFlightPerPartition;
	}

	public Duration getCommitInterval() {
		return this.commitInterval;
	}

	public void setCommitInterval(Duration commitInterval) {
		this.commitInterval = commitInterval;
	}

	public Duration getPollTimeout() {
		return this.pollTimeout;
	}

	public void setPollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getRevokeTimeout() {
		return this.revokeTimeout;
	}

	public void setRevokeTimeout(Duration revokeTimeout) {
		this.revokeTimeout = revokeTimeout;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public DeadLetter getDeadLetter() {
		return this.deadLetter;
	}

	public Map<String, Listener> getListeners() {
		return this.listeners;
	}

	/**
	 * @return the defaults as settings
	 * @throws IllegalArgumentException naming the property when a value is invalid
	 */
	public OrderedSettings toSettings() {
		try {
			OrderedSettings settings = OrderedSettings.defaults()
				.withConcurrency(this.concurrency)
				.withMultithreaded(this.multithreaded)
				.withMaxInFlightPerPartition(this.maxInFlightPerPartition)
				.withCommitInterval(this.commitInterval)
				.withPollTimeout(this.pollTimeout)
				.withShutdownTimeout(this.shutdownTimeout)
				.withRevokeTimeout(this.revokeTimeout);
			return (this.resumeInFlightPerPartition != null)
					? settings.withResumeInFlightPerPartition(this.resumeInFlightPerPartition) : settings;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid reliable.ordered.* property: " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param listenerId a listener id
	 * @param base the listener's settings so far (defaults, annotation)
	 * @return the settings with the listener's overrides applied
	 * @throws IllegalArgumentException naming the listener when a value is invalid
	 */
	public OrderedSettings toSettings(String listenerId, OrderedSettings base) {
		Listener overrides = this.listeners.get(listenerId);
		if (overrides == null) {
			return base;
		}
		try {
			OrderedSettings settings = base;
			if (overrides.concurrency != null) {
				settings = settings.withConcurrency(overrides.concurrency);
			}
			if (overrides.multithreaded != null) {
				settings = settings.withMultithreaded(overrides.multithreaded);
			}
			if (overrides.maxInFlightPerPartition != null) {
				settings = settings.withMaxInFlightPerPartition(overrides.maxInFlightPerPartition);
			}
			if (overrides.resumeInFlightPerPartition != null) {
				settings = settings.withResumeInFlightPerPartition(overrides.resumeInFlightPerPartition);
			}
			if (overrides.commitInterval != null) {
				settings = settings.withCommitInterval(overrides.commitInterval);
			}
			if (overrides.pollTimeout != null) {
				settings = settings.withPollTimeout(overrides.pollTimeout);
			}
			if (overrides.shutdownTimeout != null) {
				settings = settings.withShutdownTimeout(overrides.shutdownTimeout);
			}
			if (overrides.revokeTimeout != null) {
				settings = settings.withRevokeTimeout(overrides.revokeTimeout);
			}
			return settings;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid reliable.ordered.listeners." + listenerId + ".* property: "
					+ ex.getMessage(), ex);
		}
	}

	/** @return the default retry backoff */
	public BackOff toBackOff() {
		return this.retry.toBackOff("reliable.ordered.retry", this.retry);
	}

	/**
	 * @param listenerId a listener id
	 * @return the listener's retry backoff, or null when it overrides nothing of the defaults
	 */
	public BackOff toBackOff(String listenerId) {
		Listener overrides = this.listeners.get(listenerId);
		if (overrides == null || !overrides.retry.overridesAnything()) {
			return null;
		}
		ListenerRetry custom = overrides.retry;
		Retry merged = new Retry();
		merged.setMaxAttempts((custom.maxAttempts != null) ? custom.maxAttempts : this.retry.maxAttempts);
		merged.setInitialInterval((custom.initialInterval != null) ? custom.initialInterval : this.retry.initialInterval);
		merged.setMultiplier((custom.multiplier != null) ? custom.multiplier : this.retry.multiplier);
		merged.setMaxInterval((custom.maxInterval != null) ? custom.maxInterval : this.retry.maxInterval);
		return merged.toBackOff("reliable.ordered.listeners." + listenerId + ".retry", merged);
	}

	/** Retries of a failing record, on its worker, while other keys keep flowing. */
	public static class Retry {

		/** Attempts of a failing record in total, the first delivery included; then it goes to the recoverer. */
		private int maxAttempts = 10;

		/** Delay before the first retry. */
		private Duration initialInterval = Duration.ofMillis(500);

		/** Factor applied to the delay after each retry. */
		private double multiplier = 2.0;

		/** Longest delay between two attempts. */
		private Duration maxInterval = Duration.ofSeconds(10);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		BackOff toBackOff(String prefix, Retry retry) {
			if (retry.maxAttempts < 1) {
				throw new IllegalArgumentException(prefix + ".max-attempts must be >= 1, was " + retry.maxAttempts);
			}
			if (retry.multiplier < 1) {
				throw new IllegalArgumentException(prefix + ".multiplier must be >= 1, was " + retry.multiplier);
			}
			if (retry.initialInterval.isNegative() || retry.maxInterval.isNegative()) {
				throw new IllegalArgumentException(prefix + " intervals must not be negative");
			}
			ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval.toMillis(), retry.multiplier);
			backOff.setMaxInterval(Math.max(retry.initialInterval.toMillis(), retry.maxInterval.toMillis()));
			backOff.setMaxAttempts(retry.maxAttempts - 1L);
			return backOff;
		}

	}

	/** Where records go once their retries are exhausted. */
	public static class DeadLetter {

		/**
		 * Whether records whose retries are exhausted are published to '<topic>-dlt' (same partition, Spring Kafka's
		 * convention) when a single KafkaTemplate exists and no ConsumerRecordRecoverer bean is defined.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Overrides for one listener; unset values come from the defaults. */
	public static class Listener {

		/** Worker threads of this listener (1 to 1024). */
		private Integer concurrency;

		/** Whether this listener uses its worker pool. */
		private Boolean multithreaded;

		/** Records of one partition received but not yet committable at which the partition is paused. */
		private Integer maxInFlightPerPartition;

		/** Records of one partition at or below which a partition paused for backpressure resumes. */
		private Integer resumeInFlightPerPartition;

		/** How often completed offsets are committed. */
		private Duration commitInterval;

		/** Longest time one poll blocks. */
		private Duration pollTimeout;

		/** How long a graceful stop waits for dispatched records. */
		private Duration shutdownTimeout;

		/** How long a revocation or a seek waits for the partition's record being processed now. */
		private Duration revokeTimeout;

		private final ListenerRetry retry = new ListenerRetry();

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

		public Boolean getMultithreaded() {
			return this.multithreaded;
		}

		public void setMultithreaded(Boolean multithreaded) {
			this.multithreaded = multithreaded;
		}

		public Integer getMaxInFlightPerPartition() {
			return this.maxInFlightPerPartition;
		}

		public void setMaxInFlightPerPartition(Integer maxInFlightPerPartition) {
			this.maxInFlightPerPartition = maxInFlightPerPartition;
		}

		public Integer getResumeInFlightPerPartition() {
			return this.resumeInFlightPerPartition;
		}

		public void setResumeInFlightPerPartition(Integer resumeInFlightPerPartition) {
			this.resumeInFlightPerPartition = resumeInFlightPerPartition;
		}

		public Duration getCommitInterval() {
			return this.commitInterval;
		}

		public void setCommitInterval(Duration commitInterval) {
			this.commitInterval = commitInterval;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getRevokeTimeout() {
			return this.revokeTimeout;
		}

		public void setRevokeTimeout(Duration revokeTimeout) {
			this.revokeTimeout = revokeTimeout;
		}

		public ListenerRetry getRetry() {
			return this.retry;
		}

	}

	/** Retry overrides for one listener. */
	public static class ListenerRetry {

		/** Attempts in total, the first delivery included. */
		private Integer maxAttempts;

		/** Delay before the first retry. */
		private Duration initialInterval;

		/** Factor applied to the delay after each retry. */
		private Double multiplier;

		/** Longest delay between two attempts. */
		private Duration maxInterval;

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(Double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		boolean overridesAnything() {
			return this.maxAttempts != null || this.initialInterval != null || this.multiplier != null
					|| this.maxInterval != null;
		}

	}

}
