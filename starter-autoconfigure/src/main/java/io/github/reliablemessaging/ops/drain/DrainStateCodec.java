package io.github.reliablemessaging.ops.drain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Text form of a {@link DrainState} in the control topic: one {@code name=value} per line, offsets as
 * {@code partition:offset} lists. Plain text so that an operator can read the topic with the console consumer.
 */
final class DrainStateCodec {

	private DrainStateCodec() {
	}

	static String encode(DrainState state) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("listenerId", state.listenerId());
		fields.put("group", state.group());
		fields.put("topic", state.topic());
		fields.put("drainTopic", state.drainTopic());
		fields.put("drainGroup", state.drainGroup());
		fields.put("multiplier", String.valueOf(state.multiplier()));
		fields.put("partitions", String.valueOf(state.partitions()));
		fields.put("concurrency", String.valueOf(state.concurrency()));
		fields.put("switchBackLag", String.valueOf(state.switchBackLag()));
		fields.put("phase", state.phase().name());
		fields.put("startOffsets", offsets(state.startOffsets()));
		fields.put("drainStartOffsets", offsets(state.drainStartOffsets()));
		fields.put("stopOffsets", offsets(state.stopOffsets()));
		fields.put("drainEndOffsets", offsets(state.drainEndOffsets()));
		fields.put("startedAt", state.startedAt().toString());
		fields.put("finishedAt", (state.finishedAt() != null) ? state.finishedAt().toString() : "");
		fields.put("actor", state.actor());
		fields.put("finishRequestedBy", (state.finishRequestedBy() != null) ? state.finishRequestedBy() : "");
		fields.put("version", String.valueOf(state.version()));
		StringBuilder out = new StringBuilder();
		fields.forEach((name, value) -> out.append(name).append('=').append(value.replace('\n', ' ')).append('\n'));
		return out.toString();
	}

	static DrainState decode(String text) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			int eq = line.indexOf('=');
			if (eq > 0) {
				fields.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		String finishedAt = fields.getOrDefault("finishedAt", "");
		String finishRequestedBy = fields.getOrDefault("finishRequestedBy", "");
		return new DrainState(required(fields, "listenerId"), required(fields, "group"), required(fields, "topic"),
				required(fields, "drainTopic"), required(fields, "drainGroup"), Integer.parseInt(required(fields, "multiplier")),
				Integer.parseInt(required(fields, "partitions")), Integer.parseInt(required(fields, "concurrency")),
				Long.parseLong(required(fields, "switchBackLag")), DrainPhase.valueOf(required(fields, "phase")),
				offsets(fields.getOrDefault("startOffsets", "")), offsets(fields.getOrDefault("drainStartOffsets", "")),
				offsets(fields.getOrDefault("stopOffsets", "")), offsets(fields.getOrDefault("drainEndOffsets", "")),
				Instant.parse(required(fields, "startedAt")), finishedAt.isEmpty() ? null : Instant.parse(finishedAt),
				required(fields, "actor"), finishRequestedBy.isEmpty() ? null : finishRequestedBy,
				Long.parseLong(required(fields, "version")));
	}

	private static String required(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("drain state without '" + name + "'");
		}
		return value;
	}

	static String offsets(Map<Integer, Long> offsets) {
		StringJoiner out = new StringJoiner(",");
		offsets.forEach((partition, offset) -> out.add(partition + ":" + offset));
		return out.toString();
	}

	static Map<Integer, Long> offsets(String text) {
		Map<Integer, Long> offsets = new TreeMap<>();
		if (text.isBlank()) {
			return offsets;
		}
		for (String item : text.split(",")) {
			int colon = item.indexOf(':');
			offsets.put(Integer.parseInt(item.substring(0, colon).trim()), Long.parseLong(item.substring(colon + 1).trim()));
		}
		return offsets;
	}

}
