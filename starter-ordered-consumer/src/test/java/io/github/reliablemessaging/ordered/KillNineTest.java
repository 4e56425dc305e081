package io.github.reliablemessaging.ordered;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.CrashableConsumerMain;
import io.github.reliablemessaging.ordered.support.SequenceChecker;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer JVM is killed with SIGKILL mid-stream. Its listener writes each record to a file before completing it,
 * so the file holds at least every completed record. At the moment of death the group's committed offsets must not
 * be ahead of the file (nothing committed that was not processed); after a restart every record is processed and
 * every key is in order (rewinds to the committed offset allowed).
 */
class KillNineTest {

	@Test
	void aKilledConsumerNeverCommittedAheadOfItsWorkAndLosesNothingAfterARestart(@TempDir Path dir) throws Exception {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("kill");
		String group = Consumers.unique("kill-group");
		Topics.create(kafka, topic, 6);
		SequenceData data = new SequenceData(3_000, 30_000);
		data.produceAll(kafka, topic);
		Path processed = dir.resolve("processed.log");

		Process first = launch(kafka, topic, group, processed, dir.resolve("first.log"));
		List<String[]> beforeKill;
		try {
			await().atMost(Duration.ofSeconds(90)).until(() -> lines(processed).size() >= 8_000);
		}
		finally {
			first.destroyForcibly();
			assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		Map<TopicPartition, Long> committed = SequenceData.committed(kafka, group);
		beforeKill = lines(processed);
		assertThat(beforeKill.size()).as("killed mid-stream").isLessThan(data.records());

		Set<String> done = new HashSet<>();
		beforeKill.forEach((line) -> done.add(line[0] + "@" + line[1]));
		long checked = 0;
		for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
			for (long offset = 0; offset < entry.getValue(); offset++) {
				assertThat(done).as("offset %d of %s is below the committed offset %d but was never processed", offset,
						entry.getKey(), entry.getValue()).contains(entry.getKey().partition() + "@" + offset);
				checked++;
			}
		}
		assertThat(checked).as("offsets had been committed before the kill").isGreaterThan(1_000);

		Process second = launch(kafka, topic, group, processed, dir.resolve("second.log"));
		try {
			await().atMost(Duration.ofSeconds(120)).until(() -> distinct(lines(processed)) == data.records());
		}
		finally {
			second.destroy();
			second.waitFor(60, TimeUnit.SECONDS);
		}

		SequenceChecker checker = new SequenceChecker(data, true);
		lines(processed).forEach((line) -> checker.check(line[2], line[3]));
		assertThat(checker.missing()).as(checker.summary()).isZero();
		assertThat(checker.orderViolations()).as(checker.summary()).isZero();
		assertThat(checker.redeliveries()).as("only records after the committed offsets came again: " + checker.summary())
			.isLessThanOrEqualTo(beforeKill.size() - checked);
		Map<TopicPartition, Long> ends = SequenceData.endOffsets(kafka, topic, 6);
		assertThat(SequenceData.committed(kafka, group)).as("the restarted consumer committed everything on its graceful stop")
			.isEqualTo(ends);
	}

	private static Process launch(RealKafka kafka, String topic, String group, Path processed, Path log) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				CrashableConsumerMain.class.getName(), kafka.bootstrapServers(), topic, group, processed.toString(), "8");
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		return builder.start();
	}

	private static List<String[]> lines(Path file) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		List<String[]> result = new ArrayList<>();
		String content = Files.readString(file, StandardCharsets.UTF_8);
		for (String line : content.split("\n")) {
			String[] parts = line.split(" ");
			if (parts.length == 4) {
				result.add(parts);
			}
		}
		return result;
	}

	private static long distinct(List<String[]> lines) {
		Set<String> values = new HashSet<>();
		lines.forEach((line) -> values.add(line[3]));
		return values.size();
	}

}
