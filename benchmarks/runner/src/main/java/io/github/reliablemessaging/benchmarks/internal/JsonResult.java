package io.github.reliablemessaging.benchmarks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code <scenario>.json}: {@code {"scenario", "size", "date", "machine", "systems": {system: {metric:
 * {"median", "min", "max"}}}, "checks": {"order_violations", "lost", "duplicates", ..., "per_system"}, "settings"}}.
 */
public final class JsonResult {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private JsonResult() {
	}

	/**
	 * @param result the scenario's result
	 * @param file where to write
	 * @throws IOException if writing fails
	 */
	public static void write(ScenarioResult result, Path file) throws IOException {
		Files.writeString(file, MAPPER.writeValueAsString(tree(result)) + System.lineSeparator());
	}

	static Map<String, Object> tree(ScenarioResult result) {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("scenario", result.scenario());
		root.put("size", result.size().label());
		root.put("date", result.date().toString());
		root.put("machine", result.machine());
		Map<String, Object> systems = new LinkedHashMap<>();
		result.report().systems().forEach((system, metrics) -> {
			Map<String, Object> figures = new LinkedHashMap<>();
			metrics.forEach((metric, spread) -> {
				Map<String, Object> figure = new LinkedHashMap<>();
				figure.put("median", ScenarioResult.round(metric, spread.median()));
				figure.put("min", ScenarioResult.round(metric, spread.min()));
				figure.put("max", ScenarioResult.round(metric, spread.max()));
				figures.put(metric, figure);
			});
			systems.put(system, figures);
		});
		root.put("systems", systems);
		Map<String, Object> checks = new LinkedHashMap<>(result.report().checkTotals());
		checks.put("per_system", result.report().checksBySystem());
		root.put("checks", checks);
		Map<String, Object> settings = new LinkedHashMap<>(result.report().settings());
		if (!result.report().skipped().isEmpty()) {
			settings.put("skipped_systems", result.report().skipped());
		}
		root.put("settings", settings);
		return root;
	}

}
