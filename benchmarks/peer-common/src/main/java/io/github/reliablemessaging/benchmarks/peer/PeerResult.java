package io.github.reliablemessaging.benchmarks.peer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one peer run measured, sent to the runner as a single line on standard output:
 * {@code RESULT metric.records_per_s=1234.5;check.lost=0;client=kafka-clients 4.2.1}.
 *
 * @param metrics measured figures by name, the unit in the name ({@code records_per_s}, {@code p99_ms})
 * @param checks correctness counts by name ({@code order_violations}, {@code lost}, {@code duplicates})
 * @param client the client libraries the system ran with
 */
public record PeerResult(Map<String, Double> metrics, Map<String, Long> checks, String client) {

	/** Prefix of the line carrying the result. */
	public static final String PREFIX = "RESULT ";

	/** Copies the maps, keeping their order. */
	public PeerResult {
		metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics must not be null")));
		checks = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(checks, "checks must not be null")));
		Objects.requireNonNull(client, "client must not be null");
	}

	/** @return the protocol line */
	public String toLine() {
		StringBuilder line = new StringBuilder(PREFIX);
		this.metrics.forEach((name, value) -> line.append("metric.")
			.append(name)
			.append('=')
			.append(String.format(Locale.ROOT, "%.3f", value))
			.append(';'));
		this.checks.forEach((name, value) -> line.append("check.").append(name).append('=').append(value).append(';'));
		line.append("client=").append(this.client.replace(';', ',').replace('\n', ' '));
		return line.toString();
	}

	/**
	 * @param line a line written by {@link #toLine()}
	 * @return the result
	 * @throws IllegalArgumentException if the line is not a result line
	 */
	public static PeerResult parse(String line) {
		if (line == null || !line.startsWith(PREFIX)) {
			throw new IllegalArgumentException("Not a result line: " + line);
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		Map<String, Long> checks = new LinkedHashMap<>();
		String client = "?";
		for (String field : line.substring(PREFIX.length()).split(";")) {
			int eq = field.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String name = field.substring(0, eq);
			String value = field.substring(eq + 1);
			try {
				if (name.startsWith("metric.")) {
					metrics.put(name.substring("metric.".length()), Double.parseDouble(value));
				}
				else if (name.startsWith("check.")) {
					checks.put(name.substring("check.".length()), Long.parseLong(value));
				}
				else if (name.equals("client")) {
					client = value;
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Malformed field '" + field + "' in result line: " + line, ex);
			}
		}
		return new PeerResult(metrics, checks, client);
	}

}
