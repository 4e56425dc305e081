package io.github.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Consumer lag monitoring of the application's listener groups. */
@ConfigurationProperties("reliable.monitoring.lag")
public class ReliableMonitoringProperties {

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
