package io.github.reliablemessaging.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the ordered-consumer scenario at size {@code tiny} end to end: a real broker in this JVM, every system in a
 * peer JVM of its own class path (Parallel Consumer on the Kafka 3.x client), results written as JSON, Markdown and
 * PNG. Checks the files' shape and that the figures and checks are sane, not their values.
 */
class BenchmarkSmokeTest {

	@Test
	void tinyOrderedConsumerRunWritesSaneResultsFromPeerJvms(@TempDir Path output) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		int exit;
		try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
			exit = BenchmarkMain.run(new String[] { "--scenario", "ordered-consumer", "--size", "tiny", "--systems",
					"reliable,plain-consumer,parallel-consumer", "--output", output.toString() }, out);
		}
		String progress = log.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(progress).isZero();

		JsonNode json = JsonMapper.builder().build().readTree(output.resolve("ordered-consumer.json").toFile());
		assertThat(json.propertyNames()).containsExactly("scenario", "size", "date", "machine", "systems", "checks",
				"settings");
		assertThat(json.get("scenario").asString()).isEqualTo("ordered-consumer");
		assertThat(json.get("size").asString()).isEqualTo("tiny");
		assertThat(Instant.parse(json.get("date").asString())).isBefore(Instant.now());

		JsonNode machine = json.get("machine");
		assertThat(machine.get("cores").asInt()).isPositive();
		assertThat(machine.get("memory_mb").asLong()).isPositive();
		assertThat(machine.get("jvm").asString()).isNotBlank();
		assertThat(machine.get("sleep_1ms_actual_ms").asDouble()).isGreaterThanOrEqualTo(1.0);
		assertThat(machine.get("versions").get("plain-consumer").asString()).startsWith("kafka-clients 4.");
		assertThat(machine.get("versions").get("parallel-consumer").asString()).contains("kafka-clients 3.9.1")
			.contains("parallel-consumer-core 0.5.3.3");

		for (String system : List.of("reliable", "plain-consumer", "parallel-consumer")) {
			JsonNode figures = json.get("systems").get(system);
			assertThat(figures).as(system).isNotNull();
			for (String handler : List.of("noop", "io1ms")) {
				assertSpread(figures, handler + "_records_per_s");
				assertSpread(figures, handler + "_p50_ms");
				assertSpread(figures, handler + "_p99_ms");
				assertThat(figures.get(handler + "_p99_ms").get("median").asDouble())
					.isGreaterThanOrEqualTo(figures.get(handler + "_p50_ms").get("median").asDouble());
			}
		}
		assertThat(machine.get("versions").get("reliable").asString()).startsWith("kafka-clients 4.")
			.contains("starter-ordered-consumer");

		JsonNode checks = json.get("checks");
		for (String check : List.of("order_violations", "lost", "duplicates", "concurrent_key_overlaps", "uncommitted",
				"failed_runs")) {
			assertThat(checks.get(check).asLong()).as(check).isZero();
		}
		assertThat(checks.get("per_system").propertyNames()).contains("reliable", "plain-consumer", "parallel-consumer");

		String markdown = Files.readString(output.resolve("ordered-consumer.md"));
		assertThat(markdown).contains("| `reliable` |", "| `plain-consumer` |", "| `parallel-consumer` |", "io1ms records/s",
				"ordered-consumer.png");
		byte[] png = Files.readAllBytes(output.resolve("ordered-consumer.png"));
		assertThat(png).hasSizeGreaterThan(1000);
		assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
	}

	private static void assertSpread(JsonNode figures, String metric) {
		JsonNode spread = figures.get(metric);
		assertThat(spread).as(metric).isNotNull();
		assertThat(spread.propertyNames()).as(metric).containsExactly("median", "min", "max");
		double median = spread.get("median").asDouble();
		assertThat(median).as(metric).isPositive();
		assertThat(spread.get("min").asDouble()).as(metric).isLessThanOrEqualTo(median);
		assertThat(spread.get("max").asDouble()).as(metric).isGreaterThanOrEqualTo(median);
	}

}
