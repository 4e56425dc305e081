package io.github.reliablemessaging.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * One bar chart in a scenario's PNG: one group of bars per system, one bar per metric (its median).
 *
 * @param title chart title
 * @param yAxis y-axis title with unit, e.g. {@code records/s}
 * @param logarithmic whether the y axis is logarithmic (for figures spanning orders of magnitude)
 * @param metrics the metrics to draw, as recorded with {@link ScenarioReport#sample}
 */
public record ChartPanel(String title, String yAxis, boolean logarithmic, List<String> metrics) {

	/** Validates and copies. */
	public ChartPanel {
		Objects.requireNonNull(title, "title must not be null");
		Objects.requireNonNull(yAxis, "yAxis must not be null");
		metrics = List.copyOf(metrics);
		if (metrics.isEmpty()) {
			throw new IllegalArgumentException("a chart needs at least one metric");
		}
	}

}
