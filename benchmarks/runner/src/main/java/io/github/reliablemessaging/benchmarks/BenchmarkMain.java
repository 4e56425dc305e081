package io.github.reliablemessaging.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.reliablemessaging.benchmarks.internal.JsonResult;
import io.github.reliablemessaging.benchmarks.internal.MachineFacts;
import io.github.reliablemessaging.benchmarks.internal.MarkdownSummary;
import io.github.reliablemessaging.benchmarks.internal.ResultChart;
import io.github.reliablemessaging.benchmarks.internal.ScenarioResult;

/**
 * The benchmark command: {@code java -jar benchmarks/runner/target/benchmarks.jar --scenario ordered-consumer --size
 * small}. Runs the chosen scenarios one after the other and writes {@code <scenario>.json}, {@code .md} and
 * {@code .png} to the output directory.
 */
public final class BenchmarkMain {

	private static final String USAGE = String.join(System.lineSeparator(),
			"Usage: java -jar benchmarks/runner/target/benchmarks.jar [options]",
			"  --scenario <name>|all   scenario to run (default: all); --list shows them",
			"  --size tiny|small|full  small: a few minutes on 2 cores; full: the published run (default: small)",
			"  --repeats <n>           rounds per system, systems alternating round by round (default: 3; tiny: 1)",
			"  --systems <a,b,...>     run only these systems (default: all of the scenario)",
			"  --output <dir>          where results go (default: benchmarks/results for full,",
			"                          benchmarks/results/<size> for the others)",
			"  --list                  list the scenarios and exit");

	private BenchmarkMain() {
	}

	/**
	 * @param args see {@code --help}
	 */
	public static void main(String[] args) {
		// before anything creates a logger: the broker in this JVM logs a lot at INFO
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out));
	}

	/**
	 * Runs the command.
	 * @param args command-line arguments
	 * @param out where progress and errors go
	 * @return the exit code: 0 done, 1 a scenario failed or a run had no result, 2 bad arguments
	 */
	public static int run(String[] args, PrintStream out) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			out.println(ex.getMessage());
			out.println(USAGE);
			return 2;
		}
		if (options.help) {
			out.println(USAGE);
			return 0;
		}
		if (options.list) {
			Scenarios.all().forEach((scenario) -> out.println(scenario.name() + "  " + scenario.description()));
			return 0;
		}
		List<Scenario> scenarios = new ArrayList<>();
		if (options.scenario.equals("all")) {
			scenarios.addAll(Scenarios.all());
		}
		else {
			Scenario scenario = Scenarios.named(options.scenario).orElse(null);
			if (scenario == null) {
				out.println("Unknown scenario '" + options.scenario + "'; there are: "
						+ Scenarios.all().stream().map(Scenario::name).toList() + " (or all)");
				return 2;
			}
			scenarios.add(scenario);
		}
		int repeats = (options.repeats > 0) ? options.repeats : options.size.defaultRepeats();
		if (options.output == null) {
			Path results = Path.of("benchmarks", "results");
			options.output = (options.size == Size.FULL) ? results : results.resolve(options.size.label());
		}
		int status = 0;
		for (Scenario scenario : scenarios) {
			status = Math.max(status, runScenario(scenario, options, repeats, out));
		}
		return status;
	}

	private static int runScenario(Scenario scenario, Options options, int repeats, PrintStream out) {
		Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "reliable-benchmarks", scenario.name() + "-"
				+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(date));
		Map<String, Object> machine = MachineFacts.collect();
		machine.put("load_average_start", MachineFacts.loadAverage());
		ScenarioReport report = new ScenarioReport();
		out.println("== " + scenario.name() + ", size " + options.size.label() + ", " + repeats
				+ " round(s); peer logs in " + workDir);
		try (ScenarioContext context = new ScenarioContext(options.size, repeats, options.systems, workDir, out)) {
			try {
				scenario.run(context, report);
			}
			catch (Exception ex) {
				out.println("Scenario " + scenario.name() + " failed: " + describe(ex));
				return 1;
			}
			machine.put("infrastructure", String.join("; ", context.infrastructure()));
		}
		machine.put("load_average_end", MachineFacts.loadAverage());
		machine.putAll(report.machineFacts());
		Map<String, String> versions = new LinkedHashMap<>(MachineFacts.runnerVersions());
		versions.putAll(report.versions());
		machine.put("versions", versions);
		machine.put("caveat", MachineFacts.CAVEAT);
		ScenarioResult result = new ScenarioResult(scenario.name(), scenario.description(), options.size, date,
				machine, report);
		int status = 0;
		try {
			Files.createDirectories(options.output);
			Path json = options.output.resolve(scenario.name() + ".json");
			JsonResult.write(result, json);
			Path png = options.output.resolve(scenario.name() + ".png");
			boolean chart = false;
			try {
				chart = ResultChart.write(result, png);
			}
			catch (IOException | RuntimeException ex) {
				// the figures are in the JSON already; a chart problem must not lose them
				out.println("Could not draw the chart of " + scenario.name() + ": " + describe(ex));
				status = 1;
			}
			MarkdownSummary.write(result, options.output.resolve(scenario.name() + ".md"),
					chart ? png.getFileName().toString() : null);
			out.println("== " + scenario.name() + " written to " + json.toAbsolutePath().getParent());
		}
		catch (IOException | RuntimeException ex) {
			out.println("Could not write the results of " + scenario.name() + ": " + describe(ex));
			return 1;
		}
		Map<String, Long> failedChecks = new LinkedHashMap<>(report.checkTotals());
		failedChecks.values().removeIf((count) -> count == null || count == 0);
		if (!failedChecks.isEmpty()) {
			// a system that loses or reorders records is a finding of the benchmark, not a failure of the command
			out.println("== " + scenario.name() + ": checks found failures " + failedChecks + "; see checks.per_system");
		}
		long failedRuns = report.checkTotals().getOrDefault("failed_runs", 0L);
		if (failedRuns > 0) {
			out.println("== " + scenario.name() + ": " + failedRuns + " run(s) produced no result; see the peer logs");
			return 1;
		}
		return status;
	}

	/** A failure for people: the messages of the cause chain, no stack trace. */
	private static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder();
		Set<Throwable> seen = new LinkedHashSet<>();
		for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
			if (text.length() > 0) {
				text.append(" <- ");
			}
			text.append((t.getMessage() != null) ? t.getMessage() : t.getClass().getSimpleName());
		}
		return text.toString();
	}

	private static final class Options {

		private String scenario = "all";

		private Size size = Size.SMALL;

		private int repeats;

		private Set<String> systems = Set.of();

		// null: benchmarks/results for the published full run, benchmarks/results/<size> otherwise (never overwrites it)
		private Path output;

		private boolean list;

		private boolean help;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				String value = null;
				int eq = arg.indexOf('=');
				if (arg.startsWith("--") && eq > 0) {
					value = arg.substring(eq + 1);
					arg = arg.substring(0, eq);
				}
				switch (arg) {
					case "--list" -> options.list = true;
					case "-h", "--help" -> options.help = true;
					case "--scenario", "--size", "--repeats", "--systems", "--output" -> {
						if (value == null) {
							if (i + 1 >= args.length) {
								throw new IllegalArgumentException(arg + " needs a value");
							}
							value = args[++i];
						}
						options.set(arg, value);
					}
					default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'");
				}
			}
			return options;
		}

		private void set(String option, String value) {
			switch (option) {
				case "--scenario" -> this.scenario = value;
				case "--size" -> this.size = Size.of(value);
				case "--repeats" -> {
					try {
						this.repeats = Integer.parseInt(value);
					}
					catch (NumberFormatException ex) {
						this.repeats = -1;
					}
					if (this.repeats < 1) {
						throw new IllegalArgumentException("--repeats must be a whole number of at least 1, was '" + value + "'");
					}
				}
				case "--systems" -> this.systems = Set.copyOf(Arrays.stream(value.split(","))
					.map(String::trim)
					.filter((name) -> !name.isEmpty())
					.toList());
				default -> this.output = Path.of(value);
			}
		}

	}

}
