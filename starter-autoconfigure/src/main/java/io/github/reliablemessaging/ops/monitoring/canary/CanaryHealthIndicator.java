package io.github.reliablemessaging.ops.monitoring.canary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The canary's verdict: DOWN when a partition's recent availability (records delivered among the latest sent) is
 * below the threshold, i.e. records are being lost or Kafka refuses them, or when the canary failed; UNKNOWN while
 * it starts; details give the totals and, per partition, latency, loss and duplicates.
 */
public class CanaryHealthIndicator extends AbstractHealthIndicator {

	private final CanaryMonitor monitor;

	/** @param monitor the canary */
	public CanaryHealthIndicator(CanaryMonitor monitor) {
		super("Canary check failed");
		this.monitor = Objects.requireNonNull(monitor, "monitor must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CanaryReport report = this.monitor.report();
		builder.withDetail("topic", report.topic()).withDetail("state", report.state()).withDetail("totals", report.totals());
		if (report.problem() != null) {
			builder.withDetail("problem", report.problem());
		}
		Map<Integer, Object> partitions = new LinkedHashMap<>();
		report.partitions().forEach((partition, state) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("recentAvailability", state.recentAvailability());
			detail.put("lost", state.lost());
			detail.put("duplicates", state.duplicates());
			detail.put("latencyMillis", state.latencyMillis());
			partitions.put(partition, detail);
		});
		builder.withDetail("partitions", partitions);
		if (!report.healthy()) {
			builder.down();
		}
		else if (!this.monitor.isRunning()) {
			builder.unknown();
		}
		else {
			builder.up();
		}
	}

}
