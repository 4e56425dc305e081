package io.github.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Monitoring: consumer lag of the listener groups, and the canary. */
@ConfigurationProperties("reliable.monitoring")
public class ReliableMonitoringProperties {

	private final Lag lag = new Lag();

	private final Canary canary = new Canary();

	public Lag getLag() {
		return this.lag;
	}

	public Canary getCanary() {
		return this.canary;
	}

	/** Burrow-style lag monitoring of the application's listener groups. */
	public static class Lag {

		/** Whether committed offsets and log ends of the listener groups are sampled. */
		private boolean enabled = true;

		/** Time between two samples. */
		private Duration interval = Duration.ofSeconds(10);

		/** Samples a status is judged over (Burrow-style sliding window); at least 2. */
		private int window = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getWindow() {
			return this.window;
		}

		public void setWindow(int window) {
			this.window = window;
		}

	}

	/** End-to-end canary (Xinfra Monitor style) through a canary topic. */
	public static class Canary {

		/** Whether this instance writes canary records to every partition of the canary topic and reads them back. */
		private boolean enabled = false;

		/** Canary topic, created if missing. */
		private String topic = "reliable.canary";

		/** Time between two canary records to each partition. */
		private Duration interval = Duration.ofSeconds(1);

		/** How long an acknowledged canary record may take to arrive before it counts as lost. */
		private Duration lossGrace = Duration.ofSeconds(10);

		/** Partitions of a topic the canary creates; 0 for one per broker. An existing topic keeps its partitions. */
		private int partitions = 0;

		/** Replication factor of a topic the canary creates; 0 for min(3, brokers). */
		private short replicationFactor = 0;

		/** Latest deliveries per partition the latency percentiles are computed over. */
		private int latencyWindow = 1000;

		/** Latest outcomes (delivered, lost, failed send) per partition the recent availability is computed over. */
		private int availabilityWindow = 60;

		/** Recent availability of any partition below which the canary health is DOWN. */
		private double availabilityThreshold = 0.99;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getLossGrace() {
			return this.lossGrace;
		}

		public void setLossGrace(Duration lossGrace) {
			this.lossGrace = lossGrace;
		}

		public int getPartitions() {
			return this.partitions;
		}

		public void setPartitions(int partitions) {
			this.partitions = partitions;
		}

		public short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

		public int getLatencyWindow() {
			return this.latencyWindow;
		}

		public void setLatencyWindow(int latencyWindow) {
			this.latencyWindow = latencyWindow;
		}

		public int getAvailabilityWindow() {
			return this.availabilityWindow;
		}

		public void setAvailabilityWindow(int availabilityWindow) {
			this.availabilityWindow = availabilityWindow;
		}

		public double getAvailabilityThreshold() {
			return this.availabilityThreshold;
		}

		public void setAvailabilityThreshold(double availabilityThreshold) {
			this.availabilityThreshold = availabilityThreshold;
		}

	}

}
