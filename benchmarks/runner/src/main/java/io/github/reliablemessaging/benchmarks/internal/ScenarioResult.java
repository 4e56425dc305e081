package io.github.reliablemessaging.benchmarks.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.benchmarks.Size;

/**
 * A finished scenario with everything the result files show.
 *
 * @param scenario the scenario's name
 * @param description the scenario's one-sentence description
 * @param size the size it ran at
 * @param date when it started
 * @param machine machine facts, versions, load averages and the caveat
 * @param report the scenario's figures and checks
 */
public record ScenarioResult(String scenario, String description, Size size, Instant date, Map<String, Object> machine,
		ScenarioReport report) {

	/**
	 * Rounds a figure for the results: throughput to 0.1, everything else to 0.001.
	 * @param metric the metric's name (its unit decides)
	 * @param value the value
	 * @return the rounded value
	 */
	static double round(String metric, double value) {
		double scale = metric.endsWith("_per_s") ? 10 : 1000;
		return Math.round(value * scale) / scale;
	}

	/**
	 * Formats a figure for people: throughput with thousands separators, percentages and times with two decimals.
	 * @param metric the metric's name (its unit decides)
	 * @param value the value
	 * @return the text
	 */
	static String format(String metric, double value) {
		if (metric.endsWith("_per_s")) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (metric.endsWith("_pct")) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * Turns a metric name into a column title: {@code io1ms_p99_ms} becomes {@code io1ms p99 (ms)}.
	 * @param metric the metric
	 * @return the title
	 */
	static String title(String metric) {
		String[][] units = { { "_records_per_s", " records/s" }, { "_per_s", "/s" }, { "_ms", " (ms)" },
				{ "_pct", " (%)" } };
		for (String[] unit : units) {
			if (metric.endsWith(unit[0])) {
				return metric.substring(0, metric.length() - unit[0].length()).replace('_', ' ') + unit[1];
			}
		}
		return metric.replace('_', ' ');
	}

}
