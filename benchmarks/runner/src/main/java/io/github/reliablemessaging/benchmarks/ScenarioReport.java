package io.github.reliablemessaging.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a scenario found, filled in while it runs and written by the runner as JSON, Markdown and PNG.
 *
 * <p>Figures are samples, one per system, metric and round ({@link #sample}); the results show their median, min and
 * max. Metric names carry their unit ({@code records_per_s}, {@code p99_ms}, {@code freeze_max_ms}); this project's
 * system is called {@code reliable}. Checks are counts of correctness failures computed from what each system really
 * did ({@link #check}); {@value #ORDER_VIOLATIONS}, {@value #LOST} and {@value #DUPLICATES} must be recorded by every
 * scenario (or declared not applicable with {@link #checkNotApplicable}), so that every results file can be read
 * alike.
 */
public final class ScenarioReport {

	/** Check: records of one key handled out of order. */
	public static final String ORDER_VIOLATIONS = "order_violations";

	/** Check: records (or rows) that never arrived. */
	public static final String LOST = "lost";

	/** Check: records (or rows) handled or written more than once. */
	public static final String DUPLICATES = "duplicates";

	private static final List<String> REQUIRED_CHECKS = List.of(ORDER_VIOLATIONS, LOST, DUPLICATES);

	private final Map<String, Object> settings = new LinkedHashMap<>();

	private final Map<String, Object> machineFacts = new LinkedHashMap<>();

	private final Map<String, String> versions = new LinkedHashMap<>();

	private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();

	private final Map<String, Map<String, Long>> checks = new LinkedHashMap<>();

	private final Set<String> notApplicable = new LinkedHashSet<>();

	private final Map<String, String> skipped = new LinkedHashMap<>();

	private final List<String> highlights = new ArrayList<>();

	private final List<ChartPanel> charts = new ArrayList<>();

	/**
	 * Records a parameter of the run (partitions, keys, rates...).
	 * @param name parameter name
	 * @param value its value (string, number or boolean)
	 */
	public synchronized void setting(String name, Object value) {
		this.settings.put(Objects.requireNonNull(name, "name must not be null"), value);
	}

	/**
	 * Records a fact about the machine measured by the scenario (e.g. how long {@code Thread.sleep(1)} really takes).
	 * @param name fact name, with unit
	 * @param value its value
	 */
	public synchronized void machineFact(String name, Object value) {
		this.machineFacts.put(Objects.requireNonNull(name, "name must not be null"), value);
	}

	/**
	 * Records the library versions a system or component ran with, as it reported them at run time.
	 * @param component a system name or component
	 * @param version e.g. {@code kafka-clients 3.9.1, parallel-consumer-core 0.5.3.3}
	 */
	public synchronized void version(String component, String version) {
		this.versions.put(Objects.requireNonNull(component, "component must not be null"), version);
	}

	/**
	 * Adds one round's value of a metric.
	 * @param system the system, e.g. {@code reliable}
	 * @param metric the metric with its unit, e.g. {@code io1ms_records_per_s}
	 * @param value the value
	 */
	public synchronized void sample(String system, String metric, double value) {
		Objects.requireNonNull(system, "system must not be null");
		Objects.requireNonNull(metric, "metric must not be null");
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException(system + " " + metric + " is not a finite number: " + value);
		}
		this.samples.computeIfAbsent(system, (s) -> new LinkedHashMap<>())
			.computeIfAbsent(metric, (m) -> new ArrayList<>())
			.add(value);
	}

	/**
	 * Adds a correctness count for a system (counts of several rounds add up); record 0 when a check passed so that
	 * the results show it was made.
	 * @param system the system
	 * @param check e.g. {@value #LOST}
	 * @param count failures found
	 */
	public synchronized void check(String system, String check, long count) {
		Objects.requireNonNull(system, "system must not be null");
		Objects.requireNonNull(check, "check must not be null");
		this.checks.computeIfAbsent(system, (s) -> new LinkedHashMap<>()).merge(check, count, Long::sum);
	}

	/**
	 * Declares that one of the required checks means nothing for this scenario; it is written as {@code null}.
	 * @param check {@value #ORDER_VIOLATIONS}, {@value #LOST} or {@value #DUPLICATES}
	 */
	public synchronized void checkNotApplicable(String check) {
		this.notApplicable.add(check);
	}

	/**
	 * Records that a system did not run and why.
	 * @param system the system
	 * @param reason why
	 */
	public synchronized void skipped(String system, String reason) {
		this.skipped.put(system, reason);
	}

	/**
	 * Adds a line to the summary's highlights: ratios computed from this run's medians, not absolute claims.
	 * @param line one sentence
	 */
	public synchronized void highlight(String line) {
		this.highlights.add(line);
	}

	/**
	 * Adds a chart to the scenario's PNG.
	 * @param chart the chart
	 */
	public synchronized void chart(ChartPanel chart) {
		this.charts.add(Objects.requireNonNull(chart, "chart must not be null"));
	}

	/**
	 * @param system a system
	 * @param metric a metric
	 * @return the median over the rounds so far, empty without samples
	 */
	public synchronized OptionalDouble median(String system, String metric) {
		List<Double> values = this.samples.getOrDefault(system, Map.of()).get(metric);
		return (values == null || values.isEmpty()) ? OptionalDouble.empty() : OptionalDouble.of(Spread.of(values).median());
	}

	/** @return the run's parameters */
	public synchronized Map<String, Object> settings() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.settings));
	}

	/** @return machine facts the scenario measured */
	public synchronized Map<String, Object> machineFacts() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.machineFacts));
	}

	/** @return versions by component */
	public synchronized Map<String, String> versions() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.versions));
	}

	/** @return per system (in the order they first reported), per metric, the spread over the rounds */
	public synchronized Map<String, Map<String, Spread>> systems() {
		Map<String, Map<String, Spread>> systems = new LinkedHashMap<>();
		this.samples.forEach((system, metrics) -> {
			Map<String, Spread> spreads = new LinkedHashMap<>();
			metrics.forEach((metric, values) -> spreads.put(metric, Spread.of(values)));
			systems.put(system, spreads);
		});
		return systems;
	}

	/** @return per system, per check, the summed count */
	public synchronized Map<String, Map<String, Long>> checksBySystem() {
		Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
		this.checks.forEach((system, counts) -> copy.put(system, new LinkedHashMap<>(counts)));
		return copy;
	}

	/**
	 * @return per check, the sum over all systems; {@code null} for a required check declared not applicable
	 * @throws IllegalStateException if a required check was neither recorded nor declared not applicable
	 */
	public synchronized Map<String, Long> checkTotals() {
		Map<String, Long> totals = new LinkedHashMap<>();
		for (String required : REQUIRED_CHECKS) {
			if (!this.notApplicable.contains(required)
					&& this.checks.values().stream().noneMatch((counts) -> counts.containsKey(required))) {
				throw new IllegalStateException("The scenario recorded no '" + required + "' check; record it (0 when "
						+ "it passed) or declare it not applicable");
			}
			// null (not applicable) until a count arrives; Map.merge treats a null value as absent
			totals.put(required, null);
		}
		this.checks.values().forEach((counts) -> counts.forEach((check, count) -> totals.merge(check, count, Long::sum)));
		return totals;
	}

	/** @return systems that did not run, with the reason */
	public synchronized Map<String, String> skipped() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.skipped));
	}

	/** @return highlight lines */
	public synchronized List<String> highlights() {
		return List.copyOf(this.highlights);
	}

	/** @return charts */
	public synchronized List<ChartPanel> charts() {
		return List.copyOf(this.charts);
	}

}
