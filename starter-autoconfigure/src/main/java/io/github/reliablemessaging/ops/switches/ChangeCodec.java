package io.github.reliablemessaging.ops.switches;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Text form of a {@link SwitchChange} on the control topic: {@code name=..&new=..&old=..&actor=..&reason=..&at=..&origin=..},
 * URL-encoded. Readable with the console consumer and free of JSON library versions.
 */
final class ChangeCodec {

	private ChangeCodec() {
	}

	static String encode(SwitchChange change) {
		StringBuilder out = new StringBuilder();
		append(out, "name", change.name());
		append(out, "new", change.newValue());
		append(out, "old", change.oldValue());
		append(out, "actor", change.actor());
		append(out, "reason", change.reason());
		append(out, "at", change.at().toString());
		append(out, "origin", change.origin());
		return out.toString();
	}

	static SwitchChange decode(String text) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : text.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				fields.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		if (!fields.containsKey("name") || !fields.containsKey("new")) {
			throw new IllegalArgumentException("not a switch change: " + text);
		}
		return new SwitchChange(fields.get("name"), fields.get("old"), fields.get("new"), fields.get("actor"),
				fields.get("reason"), fields.containsKey("at") ? Instant.parse(fields.get("at")) : Instant.EPOCH,
				fields.getOrDefault("origin", "unknown"), "propagated");
	}

	private static void append(StringBuilder out, String key, String value) {
		if (value == null) {
			return;
		}
		if (!out.isEmpty()) {
			out.append('&');
		}
		out.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

}
