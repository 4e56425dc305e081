package io.github.reliablemessaging.ops.endpoint;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.replay.ReplayJob;
import io.github.reliablemessaging.ops.replay.ReplayQuery;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.replay.ReplayService.TopicReplay;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
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
 * {@code /actuator/reliablereplay}: re-publish records of a topic (offset or time range) or messages rebuilt by a
 * {@link io.github.reliablemessaging.ops.replay.ReplaySource}; progress of the jobs.
 *
 * <pre>
 * POST /actuator/reliablereplay  {"topic": "orders", "from": "2026-11-22T10:00:00Z", "to": "2026-11-22T11:00:00Z", "dryRun": true}
 * POST /actuator/reliablereplay  {"topic": "orders", "partition": 3, "fromOffset": 100, "toOffset": 199}
 * POST /actuator/reliablereplay  {"source": "order-events", "from": "...", "to": "...", "ids": ["O-1", "O-2"]}
 * GET  /actuator/reliablereplay            jobs, newest first
 * GET  /actuator/reliablereplay/{jobId}    one job's progress
 * </pre>
 */
@Endpoint(id = "reliablereplay")
public class ReplayEndpoint {

	private static final Logger log = LoggerFactory.getLogger(ReplayEndpoint.class);

	private final ReplayService replay;

	private final SwitchBoard board;

	private final Clock clock;

	/**
	 * @param replay the replay service
	 * @param board audit log
	 * @param clock time source
	 */
	public ReplayEndpoint(ReplayService replay, SwitchBoard board, Clock clock) {
		this.replay = replay;
		this.board = board;
		this.clock = clock;
	}

	/** @return jobs and sources */
	@ReadOperation
	public Map<String, Object> jobs() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sources", this.replay.sourceNames());
		body.put("jobs", this.replay.jobs());
		return body;
	}

	/**
	 * @param jobId job id
	 * @return the job, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> job(@Selector String jobId) {
		return this.replay.job(jobId).<WebEndpointResponse<Object>>map(Responses::ok)
			.orElseGet(() -> Responses.error(404, "unknown replay job '" + jobId + "'"));
	}

	/**
	 * Starts (or, with dryRun, plans) a replay.
	 * @param topic source topic of a topic replay
	 * @param partition one partition (required for offset ranges)
	 * @param fromOffset first offset, inclusive
	 * @param toOffset last offset, inclusive
	 * @param from start time, ISO-8601, inclusive
	 * @param to end time, ISO-8601, exclusive
	 * @param targetTopic destination, default the source topic
	 * @param source name of a replay source (instead of a topic)
	 * @param ids business ids for a replay source
	 * @param dryRun only say what would be re-published
	 * @param reason why (audit log)
	 * @param security caller
	 * @return the job or the plan; 400/404/503 with the reason
	 */
	@WriteOperation
	public WebEndpointResponse<Object> replay(@Nullable String topic, @Nullable Integer partition, @Nullable Long fromOffset,
			@Nullable Long toOffset, @Nullable String from, @Nullable String to, @Nullable String targetTopic,
			@Nullable String source, @Nullable List<String> ids, @Nullable Boolean dryRun, @Nullable String reason,
			SecurityContext security) {
		String actor = Responses.actor(security);
		try {
			boolean dry = Boolean.TRUE.equals(dryRun);
			if (source != null) {
				if (topic != null || fromOffset != null || toOffset != null) {
					throw OperationException.badRequest("a replay source takes from/to/ids, not topic or offsets");
				}
				Instant start = instant("from", from);
				Instant end = instant("to", to);
				if (start != null && end != null && !start.isBefore(end)) {
					throw OperationException.badRequest("'from' " + start + " is not before 'to' " + end);
				}
				ReplayQuery query = new ReplayQuery(start, end, (ids != null) ? List.copyOf(ids) : List.of());
				if (dry) {
					if (!this.replay.sourceNames().contains(source)) {
						throw OperationException.badRequest("unknown replay source '" + source + "'; sources: " + this.replay.sourceNames());
					}
					return Responses.ok(Map.of("dryRun", true, "effect", "source " + source + " rebuilds and publishes messages for " + query));
				}
				ReplayJob job = this.replay.start(source, query);
				audit("replay:" + source, job.getId(), actor, reason);
				return Responses.ok(job);
			}
			TopicReplay request = new TopicReplay(topic, partition, fromOffset, toOffset, instant("from", from), instant("to", to), targetTopic);
			if (dry) {
				return Responses.ok(Map.of("dryRun", true, "plan", this.replay.plan(request)));
			}
			ReplayJob job = this.replay.start(request);
			audit("replay:" + topic, job.getId() + " " + job.getRanges(), actor, reason);
			return Responses.ok(job);
		}
		catch (OperationException ex) {
			audit("refused:replay", ex.status() + " " + ex.getMessage(), actor, reason);
			return Responses.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Replay request failed", ex);
			return Responses.error(500, "replay failed: " + ex.getMessage() + " (details in the service log)");
		}
	}

	private static Instant instant(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw OperationException.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, was '" + value + "'");
		}
	}

	private void audit(String target, String after, String actor, String reason) {
		this.board.audit(new SwitchChange(target, null, after, actor, reason, this.clock.instant(), this.board.instanceId(), "local"));
	}

}
