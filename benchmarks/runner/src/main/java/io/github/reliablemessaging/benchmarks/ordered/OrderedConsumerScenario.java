package io.github.reliablemessaging.benchmarks.ordered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.PeerJvm;
import io.github.reliablemessaging.benchmarks.PeerRun;
import io.github.reliablemessaging.benchmarks.Scenario;
import io.github.reliablemessaging.benchmarks.ScenarioContext;
import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.benchmarks.Size;
import io.github.reliablemessaging.benchmarks.peer.HandlerMode;
import io.github.reliablemessaging.benchmarks.peer.PeerProcess;
import io.github.reliablemessaging.benchmarks.peer.PeerResult;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.testsupport.RealKafka;

/**
 * Ordered parallel consumption (issue 3's benchmark): this project's ordered consumer against a raw poll loop (the
 * ceiling), plain {@code KafkaConsumer} threads, Spring Kafka's concurrent container and Confluent Parallel Consumer,
 * on one broker and one backlog topic, each run in a fresh JVM of its own class path.
 *
 * <p>One run: the system consumes the backlog from the earliest offset (throughput: {@code records_per_s}); once every
 * backlog record is handled the runner produces live records at a fixed rate to a topic of the run's own (end-to-end
 * latency, producer's send to handler done: {@code p50_ms}, {@code p99_ms}); then the system is closed and the runner
 * reads its group's committed offsets. Metric names are prefixed with the handler ({@code noop}, {@code io1ms}).
 */
public final class OrderedConsumerScenario implements Scenario {

	private static final String BACKLOG_TOPIC = "ordered-backlog";

	private static final String NOOP_BACKLOG_TOPIC = "ordered-backlog-noop";

	/** How long the bare sleeping threads are measured before each run with the 1 ms handler (tiny: 0.5 s). */
	private static final Duration BARE_SLEEPERS = Duration.ofSeconds(2);

	@Override
	public String name() {
		return "ordered-consumer";
	}

	@Override
	public String description() {
		return "Ordered parallel consumption: consumers that keep per-key order, on one broker and one backlog topic, "
				+ "with a no-op handler (`noop`) and with Thread.sleep(1) as simulated I/O (`io1ms`); throughput over "
				+ "the backlog, then end-to-end latency of records produced at a fixed rate.";
	}

	@Override
	public void run(ScenarioContext context, ScenarioReport report) throws Exception {
		OrderedParameters parameters = OrderedParameters.of(context.size());
		record(parameters, context, report);
		List<OrderedSystem> systems = availableSystems(context, report);
		if (systems.isEmpty()) {
			throw new IllegalStateException("No system of this scenario is selected and available");
		}
		double sleepMs = measureSleep(context);
		report.machineFact("sleep_1ms_actual_ms", Math.round(sleepMs * 1000) / 1000.0);

		RealKafka kafka = context.kafka();
		kafka.createTopic(BACKLOG_TOPIC, parameters.partitions());
		kafka.createTopic(NOOP_BACKLOG_TOPIC, parameters.partitions());
		try (TopicData data = new TopicData(kafka.bootstrapServers());
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			long start = System.nanoTime();
			data.produceBacklog(BACKLOG_TOPIC, parameters.backlogRecords(), parameters.keys());
			data.produceBacklog(NOOP_BACKLOG_TOPIC, parameters.noopBacklogRecords(), parameters.keys());
			context.log("backlogs of %,d (1 ms handler) and %,d records (no-op handler) produced in %d ms",
					parameters.backlogRecords(), parameters.noopBacklogRecords(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
			Runs runs = new Runs(context, report, parameters, kafka, data, admin);
			for (int round = 1; round <= context.repeats(); round++) {
				List<OrderedSystem> order = rotate(systems, round - 1);
				for (HandlerMode handler : List.of(HandlerMode.NOOP, HandlerMode.IO_1MS)) {
					Map<String, Double> throughput = new HashMap<>();
					for (OrderedSystem system : order) {
						if (system.handlers().contains(handler)) {
							runs.run(round, system, handler).ifPresent((rate) -> throughput.put(system.name(), rate));
						}
					}
					derive(report, parameters, systems, handler, throughput, sleepMs);
				}
			}
		}
		highlights(report, parameters, systems, sleepMs);
		report.chart(new ChartPanel("No-op handler: throughput", "records/s", false, List.of("noop_records_per_s")));
		report.chart(new ChartPanel("1 ms handler: throughput", "records/s", false, List.of("io1ms_records_per_s")));
		report.chart(new ChartPanel("End-to-end latency at " + parameters.liveRatePerSecond() + " records/s", "ms",
				false, List.of("noop_p50_ms", "noop_p99_ms", "io1ms_p50_ms", "io1ms_p99_ms")));
	}

	private static void record(OrderedParameters parameters, ScenarioContext context, ScenarioReport report) {
		report.setting("partitions", parameters.partitions());
		report.setting("keys", parameters.keys());
		report.setting("workers", parameters.workers());
		report.setting("backlog_records", parameters.backlogRecords());
		report.setting("noop_backlog_records", parameters.noopBacklogRecords());
		report.setting("bare_threads_ceiling", "before each run with the 1 ms handler, as many bare threads as the "
				+ "system has in parallel do Thread.sleep(1) in a loop for " + BARE_SLEEPERS.toSeconds() + " s (tiny: 0.5 s) "
				+ "in the runner JVM: io1ms_of_bare_threads_pct is the run's records/s against that");
		report.setting("live_records", parameters.liveRecords());
		report.setting("live_rate_per_s", parameters.liveRatePerSecond());
		report.setting("repeats", context.repeats());
		report.setting("handlers", "noop; io1ms = Thread.sleep(1) per record");
		report.setting("threads", "raw-poll-loop 1 (noop only), plain-consumer and spring-kafka one per partition, "
				+ "parallel-consumer, reliable and reliable-spring " + parameters.workers() + " workers");
		report.setting("reliable_settings", "starter-ordered-consumer defaults, concurrency = workers, "
				+ "max-in-flight-per-partition = max(1000, 375 × workers / partitions) as its README recommends for many "
				+ "workers per partition (4000 for 64 workers on 6 partitions); reliable = the core OrderedConsumer, "
				+ "reliable-spring = the container from OrderedKafkaListenerContainerFactory; both in a peer JVM like the peers");
		report.setting("latency", "producer send to handler done, wall clock, same machine");
	}

	private static List<OrderedSystem> availableSystems(ScenarioContext context, ScenarioReport report) {
		context.requireKnownSystems(OrderedSystem.catalogue().stream().map(OrderedSystem::name).toList());
		Map<String, PeerJvm.Listing> listings = new LinkedHashMap<>();
		List<OrderedSystem> systems = new ArrayList<>();
		for (OrderedSystem system : OrderedSystem.catalogue()) {
			if (!context.includes(system.name())) {
				continue;
			}
			PeerJvm.Listing listing = listings.computeIfAbsent(system.peer(),
					(peer) -> context.peer(peer).list(Duration.ofSeconds(60)));
			String client = listing.available().get(system.name());
			if (client != null) {
				systems.add(system);
				report.version(system.name(), client);
			}
			else {
				String reason = listing.unavailable().getOrDefault(system.name(),
						"peer JVM '" + system.peer() + "' does not offer it");
				report.skipped(system.name(), reason);
				context.log("skipping %s: %s", system.name(), reason);
			}
		}
		return systems;
	}

	/** {@code Thread.sleep(1)} really sleeps longer (timer slack, scheduler); the 1 ms handler's ceiling uses this. */
	private static double measureSleep(ScenarioContext context) throws InterruptedException {
		int samples = 1000;
		long start = System.nanoTime();
		for (int i = 0; i < samples; i++) {
			Thread.sleep(1);
		}
		double ms = (System.nanoTime() - start) / 1e6 / samples;
		context.log("Thread.sleep(1) takes %.3f ms here", ms);
		return ms;
	}

	private static <T> List<T> rotate(List<T> items, int by) {
		List<T> rotated = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			rotated.add(items.get((i + by) % items.size()));
		}
		return rotated;
	}

	/** Ratios within one round (same machine conditions), kept as metrics of their own. */
	private static void derive(ScenarioReport report, OrderedParameters parameters, List<OrderedSystem> systems,
			HandlerMode handler, Map<String, Double> throughput, double sleepMs) {
		Double raw = throughput.get(OrderedSystem.RAW);
		for (OrderedSystem system : systems) {
			Double rate = throughput.get(system.name());
			if (rate == null) {
				continue;
			}
			if (handler == HandlerMode.IO_1MS) {
				double ceiling = system.parallelism().applyAsInt(parameters) * 1000 / sleepMs;
				report.sample(system.name(), "io1ms_of_ceiling_pct", 100 * rate / ceiling);
			}
			else if (raw != null && !system.name().equals(OrderedSystem.RAW)) {
				report.sample(system.name(), "noop_of_raw_pct", 100 * rate / raw);
			}
		}
	}

	private static void highlights(ScenarioReport report, OrderedParameters parameters, List<OrderedSystem> systems,
			double sleepMs) {
		for (OrderedSystem system : systems) {
			OptionalDouble pct = report.median(system.name(), "io1ms_of_ceiling_pct");
			if (pct.isPresent()) {
				int parallelism = system.parallelism().applyAsInt(parameters);
				report.highlight(String.format(Locale.ROOT,
						"`%s` with the 1 ms handler reaches %.0f %% of its ceiling (%d in parallel / %.3f ms per sleep "
								+ "= %,.0f records/s)",
						system.name(), pct.getAsDouble(), parallelism, sleepMs, parallelism * 1000 / sleepMs));
			}
		}
		for (OrderedSystem system : systems) {
			report.median(system.name(), "noop_of_raw_pct")
				.ifPresent((pct) -> report.highlight(String.format(Locale.ROOT,
						"`%s` with the no-op handler: %.0f %% of the raw poll loop's records/s", system.name(), pct)));
		}
		List<String> peers = systems.stream()
			.map(OrderedSystem::name)
			.filter((name) -> !name.equals(OrderedSystem.RELIABLE) && !name.equals(OrderedSystem.RELIABLE_SPRING)
					&& !name.equals(OrderedSystem.RAW))
			.collect(Collectors.toList());
		Optional<String> bestPeer = peers.stream()
			.filter((name) -> report.median(name, "io1ms_records_per_s").isPresent())
			.max((a, b) -> Double.compare(report.median(a, "io1ms_records_per_s").getAsDouble(),
					report.median(b, "io1ms_records_per_s").getAsDouble()));
		for (String own : List.of(OrderedSystem.RELIABLE, OrderedSystem.RELIABLE_SPRING)) {
			OptionalDouble reliable = report.median(own, "io1ms_records_per_s");
			if (bestPeer.isPresent() && reliable.isPresent()) {
				report.highlight(String.format(Locale.ROOT,
						"`%s` / best peer (`%s`) with the 1 ms handler: %.2f× records/s (target ≥ 1.2×)", own,
						bestPeer.get(), reliable.getAsDouble() / report.median(bestPeer.get(), "io1ms_records_per_s").getAsDouble()));
			}
			report.median(own, "io1ms_of_ceiling_pct")
				.ifPresent((pct) -> report.highlight(String.format(Locale.ROOT,
						"`%s` targets: %.0f %% of its 1 ms ceiling (target ≥ 90 %%)%s%s", own, pct,
						report.median(own, "io1ms_of_bare_threads_pct")
							.stream()
							.mapToObj((bare) -> String.format(Locale.ROOT,
									", %.0f %% of what as many bare sleeping threads reached right before", bare))
							.findFirst()
							.orElse(""),
						report.median(own, "noop_of_raw_pct")
							.stream()
							.mapToObj((noop) -> String.format(Locale.ROOT, "; no-op %.0f %% of the raw loop (target ≥ 60 %%)", noop))
							.findFirst()
							.orElse(""))));
		}
		OptionalDouble spring = report.median("spring-kafka", "io1ms_records_per_s");
		if (spring.isPresent()) {
			for (String peer : peers) {
				if (!peer.equals("spring-kafka")) {
					report.median(peer, "io1ms_records_per_s")
						.ifPresent((rate) -> report.highlight(String.format(Locale.ROOT,
								"`%s` / `spring-kafka` with the 1 ms handler: %.2f× records/s", peer,
								rate / spring.getAsDouble())));
				}
			}
		}
	}

	/** Runs one system once and records what it measured and what the checks found. */
	private static final class Runs {

		private final ScenarioContext context;

		private final ScenarioReport report;

		private final OrderedParameters parameters;

		private final RealKafka kafka;

		private final TopicData data;

		private final Admin admin;

		Runs(ScenarioContext context, ScenarioReport report, OrderedParameters parameters, RealKafka kafka,
				TopicData data, Admin admin) {
			this.context = context;
			this.report = report;
			this.parameters = parameters;
			this.kafka = kafka;
			this.data = data;
			this.admin = admin;
		}

		/** @return the run's backlog throughput, empty when the run failed */
		Optional<Double> run(int round, OrderedSystem system, HandlerMode handler) throws Exception {
			String label = "r" + round + "-" + handler.label() + "-" + system.name();
			String liveTopic = "ordered-live-" + label;
			this.kafka.createTopic(liveTopic, this.parameters.partitions());
			String group = "bench-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
			int backlog = this.parameters.backlogRecords(handler);
			PeerSettings settings = new PeerSettings(system.name(), this.kafka.bootstrapServers(),
					(handler == HandlerMode.NOOP) ? NOOP_BACKLOG_TOPIC : BACKLOG_TOPIC, liveTopic, group, handler,
					this.parameters.partitions(), this.parameters.workers(), backlog, this.parameters.keys(),
					this.parameters.liveRecords(), this.parameters.keys(), this.parameters.timeoutSeconds());
			double bare = 0;
			if (handler == HandlerMode.IO_1MS) {
				bare = BareSleepers.sleepsPerSecond(system.parallelism().applyAsInt(this.parameters),
						(this.context.size() == Size.TINY) ? BARE_SLEEPERS.dividedBy(4) : BARE_SLEEPERS);
			}
			Duration patience = Duration.ofSeconds(this.parameters.timeoutSeconds() + 30L);
			Optional<String> resultLine;
			int exit;
			try (PeerRun run = this.context.peer(system.peer())
				.start(label, settings.toArgs(), this.context.workDir().resolve(label + ".log"))) {
				Optional<String> first = run.awaitLine(
						(line) -> line.equals(PeerProcess.BACKLOG_DONE) || line.startsWith(PeerResult.PREFIX), patience);
				if (first.isPresent() && first.get().equals(PeerProcess.BACKLOG_DONE)) {
					this.data.produceLive(liveTopic, backlog, this.parameters.liveRecords(),
							this.parameters.keys(), this.parameters.keys(), this.parameters.liveRatePerSecond());
					resultLine = run.awaitLine((line) -> line.startsWith(PeerResult.PREFIX), patience);
				}
				else {
					resultLine = first;
				}
				exit = run.awaitExit(Duration.ofSeconds(60));
				if (resultLine.isEmpty()) {
					this.report.check(system.name(), "failed_runs", 1);
					this.context.log("round %d %s %s FAILED (exit %d, no result): %s", round, handler.label(),
							system.name(), exit, run.errorTail());
					return Optional.empty();
				}
			}
			PeerResult result = PeerResult.parse(resultLine.get());
			String prefix = handler.label() + "_";
			result.metrics().forEach((metric, value) -> this.report.sample(system.name(), prefix + metric, value));
			Double rate = result.metrics().get("records_per_s");
			if (handler == HandlerMode.IO_1MS && rate != null && bare > 0) {
				this.report.sample(system.name(), "io1ms_of_bare_threads_pct", 100 * rate / bare);
			}
			result.checks().forEach((check, count) -> this.report.check(system.name(), check, count));
			long uncommitted = CommittedOffsets.uncommitted(this.admin, group, settings.topics());
			this.report.check(system.name(), "uncommitted", uncommitted);
			this.report.check(system.name(), "failed_runs", 0);
			this.admin.deleteTopics(List.of(liveTopic)).all().get(30, TimeUnit.SECONDS);
			Map<String, Long> failed = new LinkedHashMap<>(result.checks());
			failed.put("uncommitted", uncommitted);
			failed.values().removeIf((count) -> count == 0);
			this.context.log("round %d %-5s %-17s %,10.0f records/s  p50 %6.2f ms  p99 %7.2f ms  checks %s", round,
					handler.label(), system.name(), result.metrics().getOrDefault("records_per_s", 0.0),
					result.metrics().getOrDefault("p50_ms", -1.0), result.metrics().getOrDefault("p99_ms", -1.0),
					failed.isEmpty() ? "all 0" : failed);
			return Optional.ofNullable(result.metrics().get("records_per_s"));
		}

	}

}
