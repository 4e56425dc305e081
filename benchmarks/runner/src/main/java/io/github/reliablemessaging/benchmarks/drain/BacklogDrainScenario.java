package io.github.reliablemessaging.benchmarks.drain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.benchmarks.ChartPanel;
import io.github.reliablemessaging.benchmarks.Scenario;
import io.github.reliablemessaging.benchmarks.ScenarioContext;
import io.github.reliablemessaging.benchmarks.ScenarioReport;
import io.github.reliablemessaging.ops.drain.DrainPlan;
import io.github.reliablemessaging.ops.drain.DrainService;
import io.github.reliablemessaging.testsupport.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Issue 7's benchmark: a backlog on a topic whose every partition is behind, consumed by a listener with one consumer
 * thread per partition and a sleep-bound handler (5 ms), so the partition count is the limit. {@code spring-kafka}
 * consumes it as it is; {@code drain-k10} starts the backlog drain with k = 10 at the same moment (the records go
 * through {@code <topic>.drain} with 10 x the partitions and 10 x the consumer threads, same listener). Time from the
 * start to the last backlog record handled, same data, same run, systems alternating round by round; per-key order
 * checked on every record.
 */
public final class BacklogDrainScenario implements Scenario {

	static final String PLAIN = "spring-kafka";

	static final String DRAIN = "drain-k10";

	private static final int MULTIPLIER = 10;

	private static final int PARTITIONS = 3;

	@Override
	public String name() {
		return "backlog-drain";
	}

	@Override
	public String description() {
		return "Backlog on 3 partitions, 5 ms sleep-bound handler, one consumer thread per partition: time to drain it with "
				+ "Spring Kafka as is against the topic-transfer drain with k = 10 (30 partitions, 30 threads), same run";
	}

	@Override
	public void run(ScenarioContext context, ScenarioReport report) throws Exception {
		context.requireKnownSystems(List.of(PLAIN, DRAIN));
		int keys = switch (context.size()) {
			case TINY -> 300;
			case SMALL -> 4500;
			case FULL -> 12000;
		};
		int perKey = 10;
		long records = (long) keys * perKey;
		RealKafka kafka = context.kafka();
		long sleepStart = System.nanoTime();
		for (int i = 0; i < 200; i++) {
			Thread.sleep(5);
		}
		double sleepMs = (System.nanoTime() - sleepStart) / 1e6 / 200;
		report.machineFact("sleep_5ms_actual_ms", Math.round(sleepMs * 1000) / 1000.0);
		List<String> systems = List.of(PLAIN, DRAIN).stream().filter(context::includes).toList();
		for (int round = 1; round <= context.repeats(); round++) {
			for (int i = 0; i < systems.size(); i++) {
				String system = systems.get((i + round - 1) % systems.size());
				runOnce(context, report, kafka, system, round, keys, perKey);
			}
		}
		report.setting("partitions", PARTITIONS);
		report.setting("multiplier", MULTIPLIER);
		report.setting("drain_partitions", PARTITIONS * MULTIPLIER);
		report.setting("keys", keys);
		report.setting("backlog_records", records);
		report.setting("handler", "Thread.sleep(5) per record");
		report.setting("threads", PLAIN + ": one per partition (3); " + DRAIN + ": one per drain partition (30) after the "
				+ "listener's 3 are stopped");
		report.setting("repeats", context.repeats());
		report.setting("measured", "start of consumption (container start; for the drain, the drain call right after) to the "
				+ "last backlog record handled; switch_back_s: to the drain's DONE (listener back on its topic)");
		report.version("spring-kafka", String.valueOf(org.springframework.kafka.core.KafkaTemplate.class.getPackage().getImplementationVersion()));
		report.chart(new ChartPanel("Time to drain the backlog", "s", false, List.of("backlog_drain_s")));
		report.chart(new ChartPanel("Backlog throughput", "records/s", false, List.of("records_per_s")));
		double ceilingPlain = PARTITIONS * 1000 / sleepMs;
		OptionalDouble plain = report.median(PLAIN, "backlog_drain_s");
		OptionalDouble drain = report.median(DRAIN, "backlog_drain_s");
		if (plain.isPresent() && drain.isPresent()) {
			report.highlight(String.format(Locale.ROOT, "%s drains the backlog %.1fx faster than %s (median %.1f s against %.1f s; "
					+ "target >= 8x with k = 10)", DRAIN, plain.getAsDouble() / drain.getAsDouble(), PLAIN, drain.getAsDouble(),
					plain.getAsDouble()));
		}
		report.median(PLAIN, "records_per_s").ifPresent((rate) -> report.highlight(String.format(Locale.ROOT,
				"%s reaches %.0f %% of its ceiling (3 threads / %.2f ms = %.0f records/s)", PLAIN, 100 * rate / ceilingPlain, sleepMs,
				ceilingPlain)));
		report.median(DRAIN, "records_per_s").ifPresent((rate) -> report.highlight(String.format(Locale.ROOT,
				"%s reaches %.0f %% of the 30-thread ceiling (%.0f records/s)", DRAIN, 100 * rate / (ceilingPlain * MULTIPLIER),
				ceilingPlain * MULTIPLIER)));
	}

	private void runOnce(ScenarioContext context, ScenarioReport report, RealKafka kafka, String system, int round, int keys,
			int perKey) throws Exception {
		String id = UUID.randomUUID().toString().substring(0, 8);
		String topic = "backlog-" + system + "-" + round + "-" + id;
		String group = "backlog-" + system + "-" + id;
		kafka.createTopic(topic, PARTITIONS);
		produce(kafka.bootstrapServers(), topic, keys, perKey);
		BacklogLedger ledger = new BacklogLedger(keys, perKey);
		DrainBenchApp.ledger = ledger;
		long records = (long) keys * perKey;
		try (ConfigurableApplicationContext app = DrainBenchApp.start(kafka.bootstrapServers(), topic, group, PARTITIONS)) {
			long start = System.nanoTime();
			app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("bench").start();
			DrainService drains = null;
			if (system.equals(DRAIN)) {
				drains = app.getBean(DrainService.class);
				DrainPlan plan = drains.plan("bench", MULTIPLIER, null, 100L);
				drains.start(plan, "benchmark");
				context.log("drain started after %.2f s", (System.nanoTime() - start) / 1e9);
			}
			long limitSeconds = Math.max(120, records * 6 / 1000 / PARTITIONS * 3);
			boolean complete = ledger.complete().await(limitSeconds, TimeUnit.SECONDS);
			double seconds = (ledger.lastHandledNanos - start) / 1e9;
			if (complete) {
				report.sample(system, "backlog_drain_s", seconds);
				report.sample(system, "records_per_s", records / seconds);
			}
			if (drains != null) {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (!"DONE".equals(drains.status("bench").phase()) && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
				if ("DONE".equals(drains.status("bench").phase())) {
					report.sample(system, "switch_back_s", (System.nanoTime() - start) / 1e9);
				}
			}
			context.log("%s round %d: %s records in %.1f s (%s), %d from the drain topic (first after %.1f s), %d violations, "
					+ "%d redeliveries", system, round, records, seconds, complete ? "complete" : "INCOMPLETE", ledger.fromDrainTopic.get(),
					(ledger.firstFromDrainNanos > 0) ? (ledger.firstFromDrainNanos - start) / 1e9 : 0.0, ledger.violations.get(),
					ledger.redeliveries.get());
			report.check(system, ScenarioReport.ORDER_VIOLATIONS, ledger.violations.get());
			report.check(system, ScenarioReport.LOST, ledger.incompleteKeys());
			report.check(system, ScenarioReport.DUPLICATES, ledger.redeliveries.get());
		}
	}

	private static void produce(String bootstrap, String topic, int keys, int perKey) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			// producing into a partition whose leader is not yet known can lose the first batch on this broker
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
				.allMatch((p) -> p.leader() != null && p.leader().id() >= 0) && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
		}
		List<Future<RecordMetadata>> sent = new ArrayList<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis(),
				// one batch in flight: a first batch refused by a partition leader that is just starting is retried
				// before the next one is sent (with 5 in flight this broker kept the later ones and lost the first)
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
				new StringSerializer(), new StringSerializer())) {
			for (int seq = 0; seq < perKey; seq++) {
				for (int k = 0; k < keys; k++) {
					sent.add(producer.send(new ProducerRecord<>(topic, "key-" + k, Long.toString(seq))));
				}
			}
			producer.flush();
		}
		for (Future<RecordMetadata> result : sent) {
			result.get();   // a backlog with a hole would be counted against the system
		}
	}

}
