package io.github.reliablemessaging.ops.endpoint;

import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.monitoring.LagMonitor;

/**
 * {@code /actuator/reliable/lag}: lag and Burrow-style status (OK / WARN / STALL / STOP) of the listener groups.
 *
 * <pre>
 * GET lag             every watched group
 * GET lag/{group}     one group, per partition
 * </pre>
 */
public class LagArea implements OperationArea {

	private final LagMonitor monitor;

	/** @param monitor the lag monitor */
	public LagArea(LagMonitor monitor) {
		this.monitor = Objects.requireNonNull(monitor, "monitor must not be null");
	}

	@Override
	public String name() {
		return "lag";
	}

	@Override
	public String description() {
		return "Consumer lag and status (OK/WARN/STALL/STOP) per group and partition (GET lag[/{group}])";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		if (request.path().isEmpty()) {
			return this.monitor.report();
		}
		String group = request.path().get(0);
		LagMonitor.GroupLag lag = this.monitor.report().get(group);
		if (lag == null) {
			throw OperationException.notFound("group '" + group + "' is not watched (or not sampled yet); groups: "
					+ this.monitor.report().keySet());
		}
		return lag;
	}

}
