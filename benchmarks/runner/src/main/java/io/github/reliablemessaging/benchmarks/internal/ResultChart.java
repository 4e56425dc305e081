package io.github.reliablemessaging.benchmarks.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.Spread;

/** Draws a scenario's {@link ChartPanel}s side by side into one PNG with XChart. */
public final class ResultChart {

	private static final int WIDTH = 640;

	private static final int HEIGHT = 480;

	private ResultChart() {
	}

	/**
	 * @param result the scenario's result
	 * @param file the PNG to write
	 * @return whether a chart was written (not when the scenario declared none or nothing was measured)
	 * @throws IOException if writing fails
	 */
	public static boolean write(ScenarioResult result, Path file) throws IOException {
		Map<String, Map<String, Spread>> systems = result.report().systems();
		List<CategoryChart> charts = new ArrayList<>();
		for (ChartPanel panel : result.report().charts()) {
			CategoryChart chart = chart(panel, systems);
			if (chart != null) {
				charts.add(chart);
			}
		}
		if (charts.isEmpty()) {
			return false;
		}
		System.setProperty("java.awt.headless", "true");
		BitmapEncoder.saveBitmap(charts, 1, charts.size(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
		return true;
	}

	private static CategoryChart chart(ChartPanel panel, Map<String, Map<String, Spread>> systems) {
		List<String> categories = new ArrayList<>();
		systems.forEach((system, figures) -> {
			if (panel.metrics().stream().anyMatch(figures::containsKey)) {
				categories.add(system);
			}
		});
		if (categories.isEmpty()) {
			return null;
		}
		boolean gaps = panel.metrics().stream()
			.anyMatch((metric) -> categories.stream().anyMatch((system) -> !systems.get(system).containsKey(metric)));
		if (panel.logarithmic() && gaps) {
			throw new IllegalStateException("Chart '" + panel.title() + "' is logarithmic but not every system has "
					+ panel.metrics() + "; use a linear axis or one panel per metric");
		}
		CategoryChart chart = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(panel.title())
			.yAxisTitle(panel.yAxis())
			.build();
		chart.getStyler().setLegendVisible(panel.metrics().size() > 1);
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
		chart.getStyler().setYAxisLogarithmic(panel.logarithmic());
		chart.getStyler().setXAxisLabelRotation(20);
		chart.getStyler().setAvailableSpaceFill(0.8);
		chart.getStyler().setOverlapped(false);
		for (String metric : panel.metrics()) {
			List<Double> medians = new ArrayList<>();
			boolean any = false;
			for (String system : categories) {
				Spread spread = systems.get(system).get(metric);
				// a system without this metric (e.g. the raw loop has no 1 ms handler) gets no bar: 0 on a linear axis
				// (XChart needs a value per category), and a logarithmic axis is refused below
				medians.add((spread != null) ? spread.median() : 0.0);
				any |= spread != null;
			}
			if (any) {
				chart.addSeries(ScenarioResult.title(metric), categories, medians);
			}
		}
		return chart;
	}

}
