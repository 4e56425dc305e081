package io.github.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Backlog drain ("topic transfer") through {@code /actuator/reliable/drain}. */
@ConfigurationProperties("reliable.drain")
public class ReliableDrainProperties {

	/** Whether the drain operation is available. */
	private boolean enabled = true;

	/** Compacted, single-partition topic that holds the drain states (created if missing). */
	private String controlTopic = "reliable.drain";

	/** Highest multiplier k a drain may use. */
	private int maxMultiplier = 100;

	/** Default automatic switch-back: once the original topic's lag is below this; 0 = only by a call. */
	private long switchBackLag = 1000;

	/** Cadence of the drain coordinator (progress samples, switch-back steps). */
	private Duration interval = Duration.ofSeconds(1);

	/** Bound for Kafka calls of the drain (admin look-ups, state writes, restore at start-up). */
	private Duration timeout = Duration.ofSeconds(15);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getControlTopic() {
		return this.controlTopic;
	}

	public void setControlTopic(String controlTopic) {
		this.controlTopic = controlTopic;
	}

	public int getMaxMultiplier() {
		return this.maxMultiplier;
	}

	public void setMaxMultiplier(int maxMultiplier) {
		this.maxMultiplier = maxMultiplier;
	}

	public long getSwitchBackLag() {
		return this.switchBackLag;
	}

	public void setSwitchBackLag(long switchBackLag) {
		this.switchBackLag = switchBackLag;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
