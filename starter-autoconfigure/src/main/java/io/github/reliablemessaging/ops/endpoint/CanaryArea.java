package io.github.reliablemessaging.ops.endpoint;

import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryMonitor;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryReport;

/**
 * {@code /actuator/reliable/canary}: what the end-to-end canary measured.
 *
 * <pre>
 * GET canary                totals and every partition: latency p50/p99/max, lost, duplicates, availability
 * GET canary/{partition}    one partition
 * </pre>
 */
public class CanaryArea implements OperationArea {

	private final CanaryMonitor monitor;

	/** @param monitor the canary */
	public CanaryArea(CanaryMonitor monitor) {
		this.monitor = Objects.requireNonNull(monitor, "monitor must not be null");
	}

	@Override
	public String name() {
		return "canary";
	}

	@Override
	public String description() {
		return "End-to-end canary: latency p50/p99/max, loss, duplicates, availability per partition (GET canary[/{partition}])";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		CanaryReport report = this.monitor.report();
		if (request.path().isEmpty()) {
			return report;
		}
		String partition = request.path().get(0);
		try {
			CanaryReport.PartitionReport one = report.partitions().get(Integer.valueOf(partition));
			if (one != null) {
				return one;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw OperationException.notFound("no canary partition '" + partition + "'; partitions: " + report.partitions().keySet());
	}

}
