package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.kafka.ListenerOperations.SeekPlan;
import io.github.reliablemessaging.ops.kafka.ListenerOperations.SeekRequest;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code /actuator/reliable/listeners}: the application's Kafka listeners; pause/resume, seek, skip.
 *
 * <pre>
 * GET  listeners                     every listener with its state in this instance
 * GET  listeners/{id}                one listener
 * POST listeners/{id}/pause          {}                                        every instance (switch listener.{id}.paused)
 * POST listeners/{id}/pause          {"topic": "orders", "partition": 3}       one partition, this instance
 * POST listeners/{id}/resume         same fields as pause
 * POST listeners/{id}/seek           {"topic": "orders", "partition": 3, "offset": 1200}
 * POST listeners/{id}/seek           {"topic": "orders", "partition": 3, "timestamp": "2026-11-22T10:00:00Z"}
 * POST listeners/{id}/skip           {"topic": "orders", "partition": 3, "count": 1}
 * </pre>
 */
public class ListenersArea implements OperationArea {

	private static final List<String> ACTIONS = List.of("pause", "resume", "seek", "skip");

	private final ListenerOperations operations;

	private final SwitchBoard board;

	/**
	 * @param operations listener operations
	 * @param board switch board (listener pause switches)
	 */
	public ListenersArea(ListenerOperations operations, SwitchBoard board) {
		this.operations = Objects.requireNonNull(operations, "operations must not be null");
		this.board = Objects.requireNonNull(board, "board must not be null");
	}

	@Override
	public String name() {
		return "listeners";
	}

	@Override
	public String description() {
		return "Kafka listeners: state; pause/resume a listener or a partition, seek to an offset or a time, skip records "
				+ "(POST listeners/{id}/{pause|resume|seek|skip})";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		return request.segment(0).<Object>map(this.operations::listener).orElseGet(this.operations::listeners);
	}

	@Override
	public Object write(OperationRequest request) {
		request.requirePathAtMost(2);
		String id = request.segment(0)
			.orElseThrow(() -> OperationException.notFound("name the listener and the action: POST listeners/{id}/{action}; listeners: "
					+ ids() + "; actions: " + ACTIONS));
		this.operations.listener(id);
		String action = request.segment(1)
			.orElseThrow(() -> OperationException.notFound("name the action: POST listeners/" + id + "/{action}; actions: " + ACTIONS));
		return switch (action) {
			case "pause", "resume" -> pauseOrResume(request, id, action.equals("pause"));
			case "seek" -> seek(request, id);
			case "skip" -> skip(request, id);
			default -> throw OperationException.notFound("unknown action '" + action + "' for listener " + id + "; actions: " + ACTIONS);
		};
	}

	private Object pauseOrResume(OperationRequest request, String id, boolean pause) {
		request.allowOnly("topic", "partition");
		String verb = pause ? "pause" : "resume";
		if (request.string("topic").isEmpty() && request.intValue("partition").isEmpty()) {
			String name = ListenerOperations.pausedSwitch(id);
			if (request.dryRun()) {
				return dryRun(verb + " listener " + id + " on every instance (switch " + name + " "
						+ this.board.value(name).orElse(null) + " -> " + pause + ")");
			}
			try {
				Object change = this.board.set(name, String.valueOf(pause), request.actor(), request.reason().orElse(null));
				request.markAudited();
				return change;
			}
			catch (IllegalStateException ex) {
				throw OperationException.unavailable(ex.getMessage());
			}
		}
		TopicPartition tp = partition(request);
		this.operations.requireAssignedHere(id, tp);
		if (request.dryRun()) {
			return dryRun(verb + " partition " + tp + " of listener " + id + " in this instance");
		}
		boolean wasPaused = this.operations.isPartitionPaused(id, tp);
		this.operations.pausePartition(id, tp, pause);
		request.audit(verb + ":" + id + ":" + tp, wasPaused ? "paused" : "consuming", pause ? "paused" : "consuming");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("listenerId", id);
		body.put("partition", tp.toString());
		body.put("paused", pause);
		return body;
	}

	private Object seek(OperationRequest request, String id) {
		request.allowOnly("topic", "partition", "offset", "timestamp");
		SeekRequest seek = new SeekRequest(partition(request), request.longValue("offset").orElse(null),
				request.instant("timestamp").orElse(null), null);
		return execute(request, id, "seek", seek);
	}

	private Object skip(OperationRequest request, String id) {
		request.allowOnly("topic", "partition", "count");
		SeekRequest skip = new SeekRequest(partition(request), null, null, request.longValue("count").orElse(1L));
		return execute(request, id, "skip", skip);
	}

	private Object execute(OperationRequest request, String id, String action, SeekRequest seek) {
		if (request.dryRun()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("dryRun", true);
			body.put("plan", this.operations.plan(id, seek));
			return body;
		}
		SeekPlan plan = this.operations.seek(id, seek);
		String committed = (plan.committedOffset() != null) ? "committed " + plan.committedOffset() : "nothing committed";
		String after = (seek.skip() != null) ? "skip " + seek.skip() + " from the position (about offset " + plan.targetOffset() + ")"
				: "next offset " + plan.targetOffset();
		request.audit(action + ":" + id + ":" + seek.partition(), committed, after);
		return plan;
	}

	private static Map<String, Object> dryRun(String effect) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dryRun", true);
		body.put("effect", effect);
		return body;
	}

	private static TopicPartition partition(OperationRequest request) {
		String topic = request.requiredString("topic");
		int partition = request.intValue("partition").orElseThrow(() -> OperationException.badRequest("missing 'partition'"));
		if (partition < 0) {
			throw OperationException.badRequest("partition must be >= 0, was " + partition);
		}
		return new TopicPartition(topic, partition);
	}

	private List<String> ids() {
		return this.operations.listeners().stream().map(ListenerOperations.ListenerView::id).toList();
	}

}
