package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.reliablemessaging.ops.drain.DrainPlan;
import io.github.reliablemessaging.ops.drain.DrainService;
import io.github.reliablemessaging.ops.drain.DrainStatus;
import io.github.reliablemessaging.ops.kafka.OperationException;

/**
 * {@code /actuator/reliable/drain}: backlog drain ("topic transfer") of a listener through {@code <topic>.drain} with
 * k times the partitions.
 *
 * <pre>
 * GET  drain                        the drains of this application's listeners
 * GET  drain/{listenerId}           progress: phase, forwarded, drained, remaining, rate, ETA
 * POST drain/{listenerId}           {"multiplier": 10}  (+ "concurrency", "switchBackLag", "dryRun", "reason")
 * POST drain/{listenerId}/finish    {}  switch back (also automatic below the lag threshold)
 * </pre>
 */
public class DrainArea implements OperationArea {

	private final DrainService drains;

	/** @param drains the drain service */
	public DrainArea(DrainService drains) {
		this.drains = Objects.requireNonNull(drains, "drains must not be null");
	}

	@Override
	public String name() {
		return "drain";
	}

	@Override
	public String description() {
		return "Backlog drain through <topic>.drain with k x the partitions, keyed, transactional, order kept; switch back "
				+ "without reordering (POST drain/{listenerId} {\"multiplier\":10}, POST drain/{listenerId}/finish)";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		if (request.segment(0).isEmpty()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("listeners", this.drains.listenerIds());
			body.put("drains", this.drains.statuses());
			return body;
		}
		return this.drains.status(request.segment(0).get());
	}

	@Override
	public Object write(OperationRequest request) {
		request.requirePathAtMost(2);
		String id = request.segment(0)
			.orElseThrow(() -> OperationException.notFound("name the listener: POST drain/{listenerId}; listeners: "
					+ this.drains.listenerIds()));
		if (request.segment(1).isPresent()) {
			if (!request.segment(1).get().equals("finish")) {
				throw OperationException.notFound("unknown action '" + request.segment(1).get() + "' for drain/" + id
						+ "; actions: [finish]");
			}
			request.allowOnly();
			DrainStatus status = this.drains.finish(id, request.actor(), request.dryRun());
			if (request.dryRun()) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("dryRun", true);
				body.put("effect", "stop forwarding " + status.topic() + " on every instance; listener " + id + " resumes on "
						+ status.topic() + " once " + status.drainTopic() + " is consumed up to what was forwarded");
				body.put("status", status);
				return body;
			}
			request.audit("drain:" + id, "FORWARDING", status.phase() + " (switch-back asked)");
			return status;
		}
		request.allowOnly("multiplier", "concurrency", "switchBackLag");
		int multiplier = request.intValue("multiplier")
			.orElseThrow(() -> OperationException.badRequest("missing 'multiplier' (k: the drain topic gets k x the partitions)"));
		DrainPlan plan = this.drains.plan(id, multiplier, request.intValue("concurrency").orElse(null),
				request.longValue("switchBackLag").orElse(null));
		if (request.dryRun()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("dryRun", true);
			body.put("plan", plan);
			return body;
		}
		DrainStatus started = this.drains.start(plan, request.actor());
		request.audit("drain:" + id, "consuming " + plan.topic(),
				"draining through " + plan.drainTopic() + " (" + plan.drainPartitions() + " partitions, x" + multiplier + ")");
		return started;
	}

}
