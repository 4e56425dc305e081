package io.github.reliablemessaging.ops.monitoring;

import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when a watched consumer group is STALL (stuck on a record) or STOP (nobody consumes while lag grows),
 * unless its listener was paused on purpose; details list every group's status, lag and problem partitions.
 */
public class ConsumerLagHealthIndicator extends AbstractHealthIndicator {

	private final LagMonitor monitor;

	private final Predicate<String> pausedOnPurpose;

	/**
	 * @param monitor the lag monitor
	 * @param pausedOnPurpose true for a group whose listener an operator paused
	 */
	public ConsumerLagHealthIndicator(LagMonitor monitor, Predicate<String> pausedOnPurpose) {
		super("Consumer lag check failed");
		this.monitor = monitor;
		this.pausedOnPurpose = pausedOnPurpose;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean down = false;
		for (Map.Entry<String, LagMonitor.GroupLag> entry : this.monitor.report().entrySet()) {
			LagMonitor.GroupLag group = entry.getValue();
			boolean paused = this.pausedOnPurpose.test(group.group());
			if (!paused && (group.status() == LagStatus.STALL || group.status() == LagStatus.STOP)) {
				down = true;
			}
			builder.withDetail(group.group(), Map.of("status", paused ? "PAUSED" : group.status().name(), "totalLag",
					group.totalLag(), "members", group.members(), "problems", group.problems()));
		}
		if (down) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
