package io.github.reliablemessaging.benchmarks.peer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one peer run measured, sent to the runner as a single {@code RESULT ...} line on standard output.
 *
 * @param recordsPerSecond backlog records handled per second (0 when the backlog was not completed)
 * @param p50Ms median end-to-end latency of the live records in ms (-1 when not completed)
 * @param p99Ms 99th percentile end-to-end latency of the live records in ms (-1 when not completed)
 * @param orderViolations records processed after a later record of their key
 * @param lost records never handled
 * @param duplicates deliveries beyond the first of a record
 * @param concurrentKeyOverlaps times a key was in the handler on two threads at once
 * @param client the client library versions the system ran with
 */
public record PeerResult(double recordsPerSecond, double p50Ms, double p99Ms, long orderViolations, long lost,
		long duplicates, long concurrentKeyOverlaps, String client) {

	/** Prefix of the line carrying the result. */
	public static final String PREFIX = "RESULT ";

	/** @return the protocol line, {@code RESULT name=value;name=value...} */
	public String toLine() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("records_per_s", String.format(Locale.ROOT, "%.1f", this.recordsPerSecond));
		fields.put("p50_ms", String.format(Locale.ROOT, "%.1f", this.p50Ms));
		fields.put("p99_ms", String.format(Locale.ROOT, "%.1f", this.p99Ms));
		fields.put("order_violations", Long.toString(this.orderViolations));
		fields.put("lost", Long.toString(this.lost));
		fields.put("duplicates", Long.toString(this.duplicates));
		fields.put("concurrent_key_overlaps", Long.toString(this.concurrentKeyOverlaps));
		fields.put("client", this.client.replace(';', ','));
		StringBuilder line = new StringBuilder(PREFIX);
		fields.forEach((name, value) -> line.append(name).append('=').append(value).append(';'));
		return line.toString();
	}

	/**
	 * @param line a line written by {@link #toLine()}
	 * @return the result
	 */
	public static PeerResult parse(String line) {
		if (!line.startsWith(PREFIX)) {
			throw new IllegalArgumentException("Not a result line: " + line);
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : line.substring(PREFIX.length()).split(";")) {
			int eq = field.indexOf('=');
			if (eq > 0) {
				fields.put(field.substring(0, eq), field.substring(eq + 1));
			}
		}
		return new PeerResult(Double.parseDouble(fields.get("records_per_s")), Double.parseDouble(fields.get("p50_ms")),
				Double.parseDouble(fields.get("p99_ms")), Long.parseLong(fields.get("order_violations")),
				Long.parseLong(fields.get("lost")), Long.parseLong(fields.get("duplicates")),
				Long.parseLong(fields.get("concurrent_key_overlaps")), fields.getOrDefault("client", "?"));
	}

}
