package io.github.reliablemessaging.ops.endpoint;

import java.util.Map;

import io.github.reliablemessaging.ops.monitoring.LagMonitor;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code GET /actuator/reliablelag}: lag and Burrow-style status (OK / WARN / STALL / STOP) per group and partition. */
@Endpoint(id = "reliablelag")
public class LagEndpoint {

	private final LagMonitor monitor;

	/** @param monitor the lag monitor */
	public LagEndpoint(LagMonitor monitor) {
		this.monitor = monitor;
	}

	/** @return every watched group */
	@ReadOperation
	public Map<String, LagMonitor.GroupLag> lag() {
		return this.monitor.report();
	}

}
