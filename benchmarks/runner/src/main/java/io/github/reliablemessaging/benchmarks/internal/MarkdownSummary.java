package io.github.reliablemessaging.benchmarks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.benchmarks.Spread;

/** Writes {@code <scenario>.md}: the summary table a README can include, with date, machine, settings and checks. */
public final class MarkdownSummary {

	private MarkdownSummary() {
	}

	/**
	 * @param result the scenario's result
	 * @param file where to write
	 * @param chartFile the chart's file name (relative to {@code file}), or {@code null} without a chart
	 * @throws IOException if writing fails
	 */
	public static void write(ScenarioResult result, Path file, String chartFile) throws IOException {
		Files.writeString(file, render(result, chartFile));
	}

	static String render(ScenarioResult result, String chartFile) {
		ScenarioReport report = result.report();
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark `").append(result.scenario()).append("` — size `").append(result.size().label())
			.append("`\n\n");
		md.append(result.description()).append("\n\n");
		Map<String, Object> machine = result.machine();
		md.append("- Date: ").append(result.date()).append('\n');
		md.append("- Machine: ").append(machine.get("cores")).append(" cores, ").append(machine.get("memory_mb"))
			.append(" MB, ").append(machine.get("os"));
		if (machine.containsKey("cpu")) {
			md.append(", ").append(machine.get("cpu"));
		}
		md.append("; ").append(machine.get("jvm")).append('\n');
		md.append("- Load average (1 min) at start / end: ").append(machine.get("load_average_start")).append(" / ")
			.append(machine.get("load_average_end")).append('\n');
		if (!report.machineFacts().isEmpty()) {
			md.append("- Measured on this machine: ").append(report.machineFacts().entrySet().stream()
				.map((e) -> e.getKey() + "=" + e.getValue())
				.collect(Collectors.joining(", "))).append('\n');
		}
		if (machine.containsKey("infrastructure")) {
			md.append("- Infrastructure: ").append(machine.get("infrastructure")).append('\n');
		}
		md.append("- Settings: ").append(report.settings().entrySet().stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", "))).append('\n');
		md.append("- Figures: median of the rounds (min – max); systems alternate round by round, each run in a fresh "
				+ "JVM.\n\n");

		Map<String, Map<String, Spread>> systems = report.systems();
		Set<String> metrics = new LinkedHashSet<>();
		systems.values().forEach((figures) -> metrics.addAll(figures.keySet()));
		List<String> header = new ArrayList<>();
		header.add("system");
		metrics.forEach((metric) -> header.add(ScenarioResult.title(metric)));
		table(md, header, systems.entrySet().stream().map((entry) -> {
			List<String> row = new ArrayList<>();
			row.add("`" + entry.getKey() + "`");
			for (String metric : metrics) {
				Spread spread = entry.getValue().get(metric);
				row.add((spread == null) ? "—" : ScenarioResult.format(metric, spread.median()) + " ("
						+ ScenarioResult.format(metric, spread.min()) + " – " + ScenarioResult.format(metric, spread.max())
						+ ")");
			}
			return row;
		}).collect(Collectors.toList()));

		if (!report.highlights().isEmpty()) {
			md.append("\nRatios from this run's medians:\n\n");
			report.highlights().forEach((line) -> md.append("- ").append(line).append('\n'));
		}

		Map<String, Map<String, Long>> checks = report.checksBySystem();
		Set<String> names = new LinkedHashSet<>();
		checks.values().forEach((counts) -> names.addAll(counts.keySet()));
		md.append("\nChecks, computed from what each system consumed (sum over all rounds; 0 is good):\n\n");
		List<String> checkHeader = new ArrayList<>();
		checkHeader.add("system");
		checkHeader.addAll(names);
		table(md, checkHeader, checks.entrySet().stream().map((entry) -> {
			List<String> row = new ArrayList<>();
			row.add("`" + entry.getKey() + "`");
			names.forEach((name) -> row.add(String.valueOf(entry.getValue().getOrDefault(name, 0L))));
			return row;
		}).collect(Collectors.toList()));

		if (!report.skipped().isEmpty()) {
			md.append("\nNot run:\n\n");
			report.skipped().forEach((system, reason) -> md.append("- `").append(system).append("`: ").append(reason)
				.append('\n'));
		}
		if (machine.get("versions") instanceof Map<?, ?> versions) {
			md.append("\nVersions: ").append(versions.entrySet().stream()
				.map((e) -> e.getKey() + " " + e.getValue())
				.collect(Collectors.joining("; "))).append(".\n\n");
		}
		md.append("Caveat: ").append(machine.get("caveat")).append('\n');
		if (chartFile != null) {
			md.append("\n![").append(result.scenario()).append("](").append(chartFile).append(")\n");
		}
		return md.toString();
	}

	private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
		md.append("| ").append(String.join(" | ", header)).append(" |\n");
		md.append("|").append(" --- |".repeat(header.size())).append('\n');
		rows.forEach((row) -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
	}

}
