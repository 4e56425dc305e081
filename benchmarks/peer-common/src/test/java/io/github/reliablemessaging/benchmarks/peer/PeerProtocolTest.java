package io.github.reliablemessaging.benchmarks.peer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerProtocolTest {

	@Test
	void settingsSurviveTheCommandLine() {
		PeerSettings settings = new PeerSettings("spring-kafka", "127.0.0.1:9092", "backlog", "live-1", "g-1",
				HandlerMode.IO_1MS, 6, 64, 200_000, 10_000, 10_000, 10_000, 300);

		assertThat(PeerSettings.parse(settings.toArgs().toArray(String[]::new))).isEqualTo(settings);
	}

	@Test
	void badArgumentsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerSettings.parse(new String[] { "--system=x" }))
			.withMessageContaining("--bootstrap-servers");
		assertThatIllegalArgumentException().isThrownBy(() -> PeerSettings.parse(new String[] { "system" }))
			.withMessageContaining("--name=value");
		assertThatIllegalArgumentException().isThrownBy(() -> HandlerMode.of("slow")).withMessageContaining("slow");
	}

	@Test
	void resultSurvivesTheLineProtocol() {
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("records_per_s", 12345.678);
		metrics.put("p99_ms", 3.25);
		Map<String, Long> checks = Map.of("lost", 0L, "order_violations", 2L);
		PeerResult result = new PeerResult(metrics, checks, "kafka-clients 3.9.1; parallel-consumer-core 0.5.3.3");

		PeerResult parsed = PeerResult.parse(result.toLine());

		assertThat(parsed.metrics()).containsEntry("records_per_s", 12345.678).containsEntry("p99_ms", 3.25);
		assertThat(parsed.checks()).isEqualTo(checks);
		assertThat(parsed.client()).isEqualTo("kafka-clients 3.9.1, parallel-consumer-core 0.5.3.3");
	}

	@Test
	void recordValuesRoundTrip() {
		BenchmarkRecords.Decoded decoded = BenchmarkRecords.decode(BenchmarkRecords.value(7, 3, 2, 1_700_000_000_000_123L));

		assertThat(decoded).isEqualTo(new BenchmarkRecords.Decoded(7, 3, 2, 1_700_000_000_000_123L));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkRecords.decode("1,2,x,4"));
	}

}
