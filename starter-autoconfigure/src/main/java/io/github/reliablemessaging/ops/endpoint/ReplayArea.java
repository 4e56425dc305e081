package io.github.reliablemessaging.ops.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.replay.ReplayJob;
import io.github.reliablemessaging.ops.replay.ReplayQuery;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.replay.ReplayService.TopicReplay;

/**
 * {@code /actuator/reliable/replay}: re-publish a topic's records (offset or time range) or messages rebuilt by a
 * {@link io.github.reliablemessaging.ops.replay.ReplaySource}; progress of the jobs.
 *
 * <pre>
 * GET  replay                 sources and jobs, newest first
 * GET  replay/{jobId}         one job's progress
 * POST replay  {"topic": "orders", "from": "2026-11-22T10:00:00Z", "to": "2026-11-22T11:00:00Z", "dryRun": true}
 * POST replay  {"topic": "orders", "partition": 3, "fromOffset": 100, "toOffset": 199, "targetTopic": "orders-parked"}
 * POST replay  {"source": "order-events", "from": "...", "to": "...", "ids": ["O-1", "O-2"]}
 * </pre>
 */
public class ReplayArea implements OperationArea {

	private static final int JOBS_NAMED = 20;

	private final ReplayService replay;

	/** @param replay the replay service */
	public ReplayArea(ReplayService replay) {
		this.replay = Objects.requireNonNull(replay, "replay must not be null");
	}

	@Override
	public String name() {
		return "replay";
	}

	@Override
	public String description() {
		return "Re-publish a topic's records by offset or time range, or messages rebuilt by a ReplaySource; job progress "
				+ "(POST replay, GET replay[/{jobId}])";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		if (request.path().isEmpty()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("sources", this.replay.sourceNames());
			body.put("jobs", this.replay.jobs());
			return body;
		}
		String id = request.path().get(0);
		return this.replay.job(id)
			.orElseThrow(() -> OperationException.notFound("unknown replay job '" + id + "'; jobs of this instance: "
					+ this.replay.jobs().stream().limit(JOBS_NAMED).map(ReplayJob::getId).toList()));
	}

	@Override
	public Object write(OperationRequest request) {
		request.requirePathAtMost(0);
		request.allowOnly("topic", "partition", "fromOffset", "toOffset", "from", "to", "targetTopic", "source", "ids");
		Instant from = request.instant("from").orElse(null);
		Instant to = request.instant("to").orElse(null);
		if (request.string("source").isPresent()) {
			return fromSource(request, request.requiredString("source"), from, to);
		}
		if (request.strings("ids").isPresent()) {
			throw OperationException.badRequest("'ids' go with a replay 'source', not with a topic replay");
		}
		TopicReplay replay = new TopicReplay(request.string("topic").orElse(null), request.intValue("partition").orElse(null),
				request.longValue("fromOffset").orElse(null), request.longValue("toOffset").orElse(null), from, to,
				request.string("targetTopic").orElse(null));
		if (request.dryRun()) {
			return dryRun(this.replay.plan(replay));
		}
		ReplayJob job = this.replay.start(replay);
		request.audit("replay:" + replay.topic(), null, job.getId() + " " + job.getRanges() + " -> " + job.getDescription());
		return job;
	}

	private Object fromSource(OperationRequest request, String source, Instant from, Instant to) {
		for (String field : List.of("topic", "partition", "fromOffset", "toOffset", "targetTopic")) {
			if (request.fields().get(field) != null) {
				throw OperationException.badRequest("a replay source takes from/to/ids, not '" + field + "'");
			}
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw OperationException.badRequest("'from' " + from + " is not before 'to' " + to);
		}
		ReplayQuery query = new ReplayQuery(from, to, request.strings("ids").orElse(List.of()));
		if (request.dryRun()) {
			return dryRun(this.replay.plan(source, query));
		}
		ReplayJob job = this.replay.start(source, query);
		request.audit("replay:" + source, null, job.getId() + " " + query);
		return job;
	}

	private static Map<String, Object> dryRun(Object plan) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dryRun", true);
		body.put("plan", plan);
		return body;
	}

}
