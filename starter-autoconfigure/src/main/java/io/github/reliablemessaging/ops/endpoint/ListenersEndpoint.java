package io.github.reliablemessaging.ops.endpoint;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.kafka.ListenerOperations.SeekPlan;
import io.github.reliablemessaging.ops.kafka.ListenerOperations.SeekRequest;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/reliablelisteners}: the application's Kafka listeners; pause/resume, seek and skip.
 *
 * <pre>
 * GET  /actuator/reliablelisteners
 * GET  /actuator/reliablelisteners/{id}
 * POST /actuator/reliablelisteners/{id}  {"action": "pause"}                                      every instance
 * POST /actuator/reliablelisteners/{id}  {"action": "pause", "topic": "orders", "partition": 3}   this instance
 * POST /actuator/reliablelisteners/{id}  {"action": "seek", "topic": "orders", "partition": 3, "offset": 1200}
 * POST /actuator/reliablelisteners/{id}  {"action": "seek", "topic": "orders", "partition": 3, "timestamp": "2026-11-22T10:00:00Z"}
 * POST /actuator/reliablelisteners/{id}  {"action": "skip", "topic": "orders", "partition": 3, "count": 1, "dryRun": true}
 * </pre>
 */
@Endpoint(id = "reliablelisteners")
public class ListenersEndpoint {

	private static final Logger log = LoggerFactory.getLogger(ListenersEndpoint.class);

	private static final List<String> ACTIONS = List.of("pause", "resume", "seek", "skip");

	private final ListenerOperations operations;

	private final SwitchBoard board;

	private final Clock clock;

	/**
	 * @param operations listener operations
	 * @param board switch board (pause switches and audit log)
	 * @param clock time source for audit entries
	 */
	public ListenersEndpoint(ListenerOperations operations, SwitchBoard board, Clock clock) {
		this.operations = operations;
		this.board = board;
		this.clock = clock;
	}

	/** @return every listener with its state in this instance */
	@ReadOperation
	public List<ListenerOperations.ListenerView> listeners() {
		return this.operations.listeners();
	}

	/**
	 * @param id listener id
	 * @return its state, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> listener(@Selector String id) {
		try {
			return Responses.ok(this.operations.listener(id));
		}
		catch (OperationException ex) {
			return Responses.error(ex.status(), ex.getMessage());
		}
	}

	/**
	 * Runs an action on a listener.
	 * @param id listener id
	 * @param action pause, resume, seek or skip
	 * @param topic topic (partition-level actions)
	 * @param partition partition (partition-level actions)
	 * @param offset seek target offset
	 * @param timestamp seek target time (ISO-8601 instant)
	 * @param count records to skip
	 * @param dryRun only say what would happen
	 * @param reason why (audit log)
	 * @param security caller
	 * @return the outcome, or 400/404/409/503 with the reason
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String id, @Nullable String action, @Nullable String topic,
			@Nullable Integer partition, @Nullable Long offset, @Nullable String timestamp, @Nullable Long count,
			@Nullable Boolean dryRun, @Nullable String reason, SecurityContext security) {
		String actor = Responses.actor(security);
		try {
			if (action == null || !ACTIONS.contains(action)) {
				throw OperationException.badRequest("'action' must be one of " + ACTIONS + ", was " + action);
			}
			this.operations.listener(id);
			boolean dry = Boolean.TRUE.equals(dryRun);
			return switch (action) {
				case "pause", "resume" -> pauseOrResume(id, action.equals("pause"), topic, partition, dry, reason, actor);
				default -> seek(id, action, topic, partition, offset, timestamp, count, dry, reason, actor);
			};
		}
		catch (OperationException ex) {
			audit("refused:" + action + ":" + id, null, ex.status() + " " + ex.getMessage(), actor, reason);
			return Responses.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Operation {} on listener {} failed", action, id, ex);
			audit("failed:" + action + ":" + id, null, "500 " + ex.getMessage(), actor, reason);
			return Responses.error(500, action + " failed: " + ex.getMessage() + " (details in the service log)");
		}
	}

	private WebEndpointResponse<Object> pauseOrResume(String id, boolean pause, @Nullable String topic,
			@Nullable Integer partition, boolean dry, @Nullable String reason, String actor) {
		if (topic == null && partition == null) {
			String name = ListenerOperations.pausedSwitch(id);
			if (dry) {
				return Responses.ok(java.util.Map.of("dryRun", true, "effect",
						(pause ? "pause" : "resume") + " listener " + id + " on every instance (switch " + name + ")"));
			}
			try {
				return Responses.ok(this.board.set(name, String.valueOf(pause), actor, reason));
			}
			catch (IllegalStateException ex) {
				throw OperationException.unavailable(ex.getMessage());
			}
		}
		TopicPartition tp = partition(topic, partition);
		if (dry) {
			return Responses.ok(java.util.Map.of("dryRun", true, "effect",
					(pause ? "pause" : "resume") + " partition " + tp + " of listener " + id + " in this instance"));
		}
		this.operations.pausePartition(id, tp, pause);
		SwitchChange entry = audit((pause ? "pause:" : "resume:") + id + ":" + tp, null, pause ? "paused" : "resumed", actor, reason);
		return Responses.ok(entry);
	}

	private WebEndpointResponse<Object> seek(String id, String action, @Nullable String topic, @Nullable Integer partition,
			@Nullable Long offset, @Nullable String timestamp, @Nullable Long count, boolean dry, @Nullable String reason,
			String actor) {
		TopicPartition tp = partition(topic, partition);
		SeekRequest request;
		if (action.equals("skip")) {
			if (offset != null || timestamp != null) {
				throw OperationException.badRequest("skip takes 'count', not offset or timestamp");
			}
			request = new SeekRequest(tp, null, null, (count != null) ? count : 1L);
		}
		else {
			if (count != null) {
				throw OperationException.badRequest("seek takes 'offset' or 'timestamp', not count");
			}
			request = new SeekRequest(tp, offset, parseInstant(timestamp), null);
		}
		if (dry) {
			return Responses.ok(java.util.Map.of("dryRun", true, "plan", this.operations.plan(id, request)));
		}
		SeekPlan plan = this.operations.seek(id, request);
		audit(action + ":" + id + ":" + tp, (plan.committedOffset() != null) ? String.valueOf(plan.committedOffset()) : null,
				(request.skip() != null) ? "skip " + request.skip() : String.valueOf(plan.targetOffset()), actor, reason);
		return Responses.ok(plan);
	}

	private static TopicPartition partition(@Nullable String topic, @Nullable Integer partition) {
		if (topic == null || topic.isBlank()) {
			throw OperationException.badRequest("missing 'topic'");
		}
		if (partition == null) {
			throw OperationException.badRequest("missing 'partition'");
		}
		if (partition < 0) {
			throw OperationException.badRequest("partition must be >= 0, was " + partition);
		}
		return new TopicPartition(topic, partition);
	}

	private static Instant parseInstant(@Nullable String timestamp) {
		if (timestamp == null) {
			return null;
		}
		try {
			return Instant.parse(timestamp);
		}
		catch (DateTimeParseException ex) {
			throw OperationException.badRequest("timestamp must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, was '" + timestamp + "'");
		}
	}

	private SwitchChange audit(String target, String before, String after, String actor, String reason) {
		SwitchChange entry = new SwitchChange(target, before, after, actor, reason, this.clock.instant(), this.board.instanceId(), "local");
		this.board.audit(entry);
		return entry;
	}

}
