package io.github.reliablemessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Runtime switches (emergency toggles) and their propagation to every instance. */
@ConfigurationProperties("reliable.switches")
public class ReliableSwitchesProperties {

	/** Whether the switch board is enabled; it keeps the audit log, so the reliable actuator endpoint needs it too. */
	private boolean enabled = true;

	/** Initial switch values by switch name, e.g. {@code listener.orders.paused: true}; a value set at runtime wins. */
	private Map<String, String> initial = new LinkedHashMap<>();

	/** How many audit entries are kept in memory (the control topic keeps the latest value of every switch). */
	private int auditCapacity = 1000;

	private final Propagation propagation = new Propagation();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, String> getInitial() {
		return this.initial;
	}

	public void setInitial(Map<String, String> initial) {
		this.initial = initial;
	}

	public int getAuditCapacity() {
		return this.auditCapacity;
	}

	public void setAuditCapacity(int auditCapacity) {
		this.auditCapacity = auditCapacity;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	/** Propagation of switch changes through a compacted Kafka topic. */
	public static class Propagation {

		/** Whether changes go to every instance through Kafka and survive restarts; false keeps them in this JVM. */
		private boolean enabled = true;

		/** Compacted single-partition topic holding the latest value of every switch (created if missing). */
		private String topic = "reliable.control";

		/** Bound for publishing a change and for restoring the values at start-up. */
		private Duration timeout = Duration.ofSeconds(15);

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

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
