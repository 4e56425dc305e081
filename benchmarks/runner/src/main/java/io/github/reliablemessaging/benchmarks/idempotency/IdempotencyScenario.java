package io.github.reliablemessaging.benchmarks.idempotency;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.PeerJvm;
import io.github.reliablemessaging.benchmarks.PeerRun;
import io.github.reliablemessaging.benchmarks.Scenario;
import io.github.reliablemessaging.benchmarks.ScenarioContext;
import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.benchmarks.peer.PeerResult;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.RealRedis;

/**
 * Overhead of idempotent consumption (issue 4's benchmark): one Spring Boot listener application whose handler
 * inserts one business row per record into MySQL, run without {@code @IdempotentListener} ({@code baseline}), with it
 * and the Redis layer ({@code reliable-redis}), with it on the database alone ({@code reliable-db}), and both again on
 * a topic with 10 % re-published duplicates. Each run is a fresh JVM (peer {@code idempotency}), a fresh consumer
 * group and a fresh, empty schema on the same MySQL-compatible server; the runner checks the business rows itself.
 */
public final class IdempotencyScenario implements Scenario {

	private static final String PEER = "idempotency";

	private static final String BASELINE = "baseline";

	private static final String BASELINE_TX = "baseline-tx";

	private static final String TOPIC = "idem-events";

	private static final String DUP_TOPIC = "idem-events-dup";

	/** Systems in table order; the peer JVM names them the same way. */
	private static final List<String> SYSTEMS = List.of(BASELINE, BASELINE_TX, "reliable-redis", "reliable-db",
			"reliable-redis-dup10", "reliable-db-dup10");

	/**
	 * Run only when named with {@code --systems}: {@code baseline-tx} and {@code reliable-db} on a pool whose
	 * connections are not in auto-commit mode ({@code spring.datasource.hikari.auto-commit=false}).
	 */
	private static final List<String> OPTIONAL_SYSTEMS = List.of("baseline-tx-manual-pool", "reliable-db-manual-pool");

	private static final String CREATE_ORDERS = "CREATE TABLE bench_orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
			+ "event_id VARCHAR(64) NOT NULL, order_key VARCHAR(64) NOT NULL, payload VARCHAR(512) NOT NULL, "
			+ "KEY idx_bench_orders_event (event_id)) ENGINE=InnoDB";

	@Override
	public String name() {
		return "idempotency";
	}

	@Override
	public String description() {
		return "Idempotent consumption: a Spring Kafka listener that inserts one row per record into MySQL, without "
				+ "`@IdempotentListener` (`baseline`: auto-commit; `baseline-tx`: `@Transactional`), with it and Redis "
				+ "(`reliable-redis`), on the database alone (`reliable-db`), and both on a topic with 10 % re-published "
				+ "duplicates (`-dup10`); records/s over a backlog and the time each delivery spends in the listener.";
	}

	@Override
	public void run(ScenarioContext context, ScenarioReport report) throws Exception {
		IdempotencyParameters parameters = IdempotencyParameters.of(context.size());
		List<String> known = new ArrayList<>(SYSTEMS);
		known.addAll(OPTIONAL_SYSTEMS);
		context.requireKnownSystems(known);
		record(parameters, context, report);
		List<String> systems = availableSystems(context, report);
		if (systems.isEmpty()) {
			throw new IllegalStateException("No system of this scenario is selected and available");
		}
		RealKafka kafka = context.kafka();
		RealMySql mysql = context.launchMySql(MySqlOptions.defaults());
		RealRedis redis = context.launchRedis();
		kafka.createTopic(TOPIC, parameters.partitions());
		kafka.createTopic(DUP_TOPIC, parameters.partitions());
		long start = System.nanoTime();
		EventData.produce(kafka.bootstrapServers(), TOPIC, parameters, 0);
		EventData.produce(kafka.bootstrapServers(), DUP_TOPIC, parameters, parameters.duplicates());
		context.log("%,d events (and %,d more with duplicates) produced in %d ms", parameters.events(),
				parameters.events() + parameters.duplicates(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			Runs runs = new Runs(context, report, parameters, kafka, mysql, redis, admin);
			for (int round = 1; round <= context.repeats(); round++) {
				Map<String, Double> throughput = new HashMap<>();
				for (String system : rotate(systems, round - 1)) {
					runs.run(round, system).ifPresent((rate) -> throughput.put(system, rate));
				}
				// within one round: the same machine conditions for both figures
				lossAgainst(report, throughput, BASELINE, "loss_vs_baseline_pct");
				lossAgainst(report, throughput, BASELINE_TX, "loss_vs_baseline_tx_pct");
				lossAgainst(report, throughput, "baseline-tx-manual-pool", "loss_vs_baseline_tx_manual_pool_pct");
			}
		}
		highlights(report);
		report.checkNotApplicable(ScenarioReport.ORDER_VIOLATIONS);
		report.chart(new ChartPanel("Throughput (deliveries, duplicates included)", "records/s", false,
				List.of("records_per_s")));
		report.chart(new ChartPanel("Time in the listener per delivery", "ms", false,
				List.of("listener_p50_ms", "listener_p99_ms")));
	}

	private static void lossAgainst(ScenarioReport report, Map<String, Double> throughput, String baselineName,
			String metric) {
		Double baseline = throughput.get(baselineName);
		if (baseline == null) {
			return;
		}
		throughput.forEach((system, rate) -> {
			if (system.startsWith("reliable")) {
				report.sample(system, metric, 100 * (1 - rate / baseline));
			}
		});
	}

	private static void record(IdempotencyParameters parameters, ScenarioContext context, ScenarioReport report) {
		report.setting("partitions", parameters.partitions());
		report.setting("keys", parameters.keys());
		report.setting("events", parameters.events());
		report.setting("duplicates_in_dup10_topic", parameters.duplicates());
		report.setting("listener_concurrency", parameters.partitions());
		report.setting("repeats", context.repeats());
		report.setting("handler", "one INSERT of a business row (JdbcTemplate) per record: auto-commit in baseline, in "
				+ "a transaction of its own in baseline-tx (@Transactional), in the idempotency transaction (claim row "
				+ "first, then the business row) with @IdempotentListener");
		report.setting("idempotency_key", "#headers['event-id'] (a unique event id per event)");
		report.setting("container", "Spring Boot's ConcurrentKafkaListenerContainerFactory, concurrency = partitions, "
				+ "ack mode BATCH; Hikari pool of concurrency + 4 connections");
		report.setting("throughput", "deliveries (duplicates included) / time from the first delivery entering the "
				+ "listener to the last one done; each run a fresh JVM, consumer group and empty schema");
	}

	private static List<String> availableSystems(ScenarioContext context, ScenarioReport report) {
		List<String> selected = new ArrayList<>(SYSTEMS.stream().filter(context::includes).toList());
		// optional systems run only when named; without --systems includes() is true for any name, even "\0"
		boolean noSelection = context.includes("\0");
		OPTIONAL_SYSTEMS.stream().filter((system) -> !noSelection && context.includes(system)).forEach(selected::add);
		if (selected.isEmpty()) {
			return selected;
		}
		PeerJvm.Listing listing = context.peer(PEER).list(Duration.ofSeconds(60));
		List<String> systems = new ArrayList<>();
		for (String system : selected) {
			String client = listing.available().get(system);
			if (client != null) {
				systems.add(system);
				report.version(system, client);
			}
			else {
				String reason = listing.unavailable().getOrDefault(system, "peer JVM '" + PEER + "' does not offer it");
				report.skipped(system, reason);
				context.log("skipping %s: %s", system, reason);
			}
		}
		return systems;
	}

	private static void highlights(ScenarioReport report) {
		Map<String, Integer> targets = new LinkedHashMap<>();
		targets.put("reliable-redis", 15);
		targets.put("reliable-db", 25);
		targets.put("reliable-redis-dup10", 15);
		targets.put("reliable-db-dup10", 25);
		targets.forEach((system, target) -> {
			OptionalDouble loss = report.median(system, "loss_vs_baseline_pct");
			if (loss.isPresent()) {
				OptionalDouble lossTx = report.median(system, "loss_vs_baseline_tx_pct");
				report.highlight(String.format(Locale.ROOT,
						"`%s`: %.1f %% fewer records/s than `baseline` (target ≤ %d %%)%s%s", system, loss.getAsDouble(),
						target, lossTx.isPresent() ? String.format(Locale.ROOT, "; %.1f %% fewer than `baseline-tx`",
								lossTx.getAsDouble()) : "",
						system.endsWith("dup10") ? "; 10 % of its deliveries are duplicates it skips" : ""));
			}
		});
		for (String system : List.of("reliable-redis-dup10")) {
			report.median(system, "duplicates_skipped_by_redis_pct")
				.ifPresent((pct) -> report.highlight(String.format(Locale.ROOT,
						"`%s`: %.0f %% of the duplicates were skipped by the Redis pre-check, the rest by the database",
						system, pct)));
		}
	}

	private static <T> List<T> rotate(List<T> items, int by) {
		List<T> rotated = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			rotated.add(items.get((i + by) % items.size()));
		}
		return rotated;
	}

	/** Runs one system once and records what it measured and what the checks found. */
	private static final class Runs {

		private final ScenarioContext context;

		private final ScenarioReport report;

		private final IdempotencyParameters parameters;

		private final RealKafka kafka;

		private final RealMySql mysql;

		private final RealRedis redis;

		private final Admin admin;

		Runs(ScenarioContext context, ScenarioReport report, IdempotencyParameters parameters, RealKafka kafka,
				RealMySql mysql, RealRedis redis, Admin admin) {
			this.context = context;
			this.report = report;
			this.parameters = parameters;
			this.kafka = kafka;
			this.mysql = mysql;
			this.redis = redis;
			this.admin = admin;
		}

		/** @return the run's records/s, empty when the run failed */
		Optional<Double> run(int round, String system) throws Exception {
			boolean dup = system.endsWith("-dup10");
			String topic = dup ? DUP_TOPIC : TOPIC;
			int deliveries = this.parameters.events() + (dup ? this.parameters.duplicates() : 0);
			String label = "r" + round + "-" + system;
			String schema = "idem_r" + round + "_" + system.replace('-', '_');
			this.mysql.createDatabase(schema);
			execute(schema, CREATE_ORDERS);
			String group = "bench-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
			List<String> args = List.of("--system=" + system, "--bootstrap-servers=" + this.kafka.bootstrapServers(),
					"--topic=" + topic, "--group-id=" + group, "--concurrency=" + this.parameters.partitions(),
					"--deliveries=" + deliveries, "--jdbc-url=" + this.mysql.jdbcUrl(schema),
					"--jdbc-user=" + this.mysql.username(), "--jdbc-password=" + this.mysql.password(),
					"--redis-uri=" + this.redis.uri(), "--timeout-seconds=" + this.parameters.timeoutSeconds());
			Optional<String> line;
			try (PeerRun run = this.context.peer(PEER).start(label, args, this.context.workDir().resolve(label + ".log"))) {
				line = run.awaitLine((l) -> l.startsWith(PeerResult.PREFIX),
						Duration.ofSeconds(this.parameters.timeoutSeconds() + 60L));
				int exit = run.awaitExit(Duration.ofSeconds(60));
				if (line.isEmpty()) {
					this.report.check(system, "failed_runs", 1);
					this.context.log("round %d %s FAILED (exit %d, no result): %s", round, system, exit, run.errorTail());
					return Optional.empty();
				}
			}
			PeerResult result = PeerResult.parse(line.get());
			result.metrics().forEach((metric, value) -> this.report.sample(system, metric, value));
			Map<String, Long> failed = new LinkedHashMap<>();
			check(system, "failed_runs", 0, failed);
			check(system, "incomplete_runs", result.checks().getOrDefault("incomplete_runs", 1L), failed);
			if (dup && system.contains("redis")) {
				long redisSkipped = result.checks().getOrDefault("skipped_redis", 0L);
				this.report.sample(system, "duplicates_skipped_by_redis_pct",
						100.0 * redisSkipped / Math.max(1, this.parameters.duplicates()));
			}
			Rows rows = rows(schema, system.startsWith("reliable"));
			// every event applied once: no event missing, none applied twice
			check(system, ScenarioReport.LOST, this.parameters.events() - rows.distinctEvents(), failed);
			check(system, ScenarioReport.DUPLICATES, rows.orders() - rows.distinctEvents(), failed);
			if (rows.idempotencyRows() >= 0) {
				// one idempotency row per applied event, none without its business row
				check(system, "idempotency_row_mismatches", Math.abs(rows.idempotencyRows() - rows.distinctEvents()), failed);
			}
			check(system, "uncommitted", uncommitted(group, topic), failed);
			execute("", "DROP DATABASE `" + schema + "`");
			this.context.log("round %d %-21s %,9.0f records/s  listener p50 %6.2f ms  p99 %7.2f ms  checks %s", round,
					system, result.metrics().getOrDefault("records_per_s", 0.0),
					result.metrics().getOrDefault("listener_p50_ms", -1.0),
					result.metrics().getOrDefault("listener_p99_ms", -1.0), failed.isEmpty() ? "all 0" : failed);
			return Optional.ofNullable(result.metrics().get("records_per_s"));
		}

		private void check(String system, String check, long count, Map<String, Long> failed) {
			this.report.check(system, check, count);
			if (count != 0) {
				failed.put(check, count);
			}
		}

		private void execute(String schema, String sql) throws SQLException {
			try (Connection connection = this.mysql.connect(schema); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
		}

		private Rows rows(String schema, boolean idempotent) throws SQLException {
			try (Connection connection = this.mysql.connect(schema); Statement statement = connection.createStatement()) {
				long orders;
				long distinct;
				try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM bench_orders")) {
					rs.next();
					orders = rs.getLong(1);
					distinct = rs.getLong(2);
				}
				long idempotencyRows = -1;
				if (idempotent) {
					try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM reliable_idempotency")) {
						rs.next();
						idempotencyRows = rs.getLong(1);
					}
				}
				return new Rows(orders, distinct, idempotencyRows);
			}
		}

		/** Records of the topic beyond the group's committed offsets once the listener application stopped. */
		private long uncommitted(String group, String topic) throws Exception {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < this.parameters.partitions(); p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			long uncommitted = 0;
			for (var end : this.admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				uncommitted += Math.max(0, end.getValue().offset() - ((offset != null) ? offset.offset() : 0));
			}
			return uncommitted;
		}

	}

	private record Rows(long orders, long distinctEvents, long idempotencyRows) {
	}

}
