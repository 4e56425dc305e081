package io.github.reliablemessaging.benchmarks.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordCheckerTest {

	/** 2 keys; backlog k0:0,1 k1:0,1 (indexes 0-3); live keys 2 and 3 with one record each (indexes 4, 5). */
	private static PeerSettings settings(HandlerMode handler) {
		return new PeerSettings("test", "localhost:1", "backlog", "live", "group", handler, 1, 1, 4, 2, 2, 2, 10);
	}

	private static final String B0 = BenchmarkRecords.value(0, 0, 0, 0);

	private static final String B1 = BenchmarkRecords.value(1, 1, 0, 0);

	private static final String B2 = BenchmarkRecords.value(2, 0, 1, 0);

	private static final String B3 = BenchmarkRecords.value(3, 1, 1, 0);

	private static String live(int index, int keyIndex) {
		return BenchmarkRecords.value(index, keyIndex, 0, RecordChecker.nowMicros());
	}

	@Test
	void everyRecordOnceInKeyOrderPassesEveryCheckAndYieldsFigures() throws Exception {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.NOOP));
		List.of(B0, B1, B2, B3).forEach(checker::handle);
		assertThat(checker.awaitBacklog(0, TimeUnit.SECONDS)).isTrue();
		checker.handle(live(4, 2));
		checker.handle(live(5, 3));
		assertThat(checker.awaitLive(0, TimeUnit.SECONDS)).isTrue();

		PeerResult result = checker.result(true, "client");

		assertThat(result.checks()).containsEntry("order_violations", 0L)
			.containsEntry("lost", 0L)
			.containsEntry("duplicates", 0L)
			.containsEntry("concurrent_key_overlaps", 0L)
			.containsEntry("unexpected", 0L);
		assertThat(result.metrics().get("records_per_s")).isPositive();
		assertThat(result.metrics().get("p50_ms")).isNotNegative();
		assertThat(result.metrics().get("p99_ms")).isGreaterThanOrEqualTo(result.metrics().get("p50_ms"));
	}

	@Test
	void recordHandledAfterALaterRecordOfItsKeyIsAnOrderViolation() {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.NOOP));
		List.of(B2, B0, B1, B3).forEach(checker::handle);

		assertThat(checker.result(false, "client").checks()).containsEntry("order_violations", 1L)
			.containsEntry("lost", 0L);
	}

	@Test
	void redeliveryIsADuplicateAndUndeliveredRecordsAreLost() {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.NOOP));
		List.of(B0, B1, B0, B2, B1).forEach(checker::handle);

		PeerResult result = checker.result(true, "client");

		assertThat(result.checks()).containsEntry("duplicates", 2L)
			.containsEntry("order_violations", 0L)
			.containsEntry("lost", 3L); // B3 and both live records
		assertThat(result.metrics()).doesNotContainKeys("records_per_s", "p50_ms", "p99_ms");
	}

	@Test
	void liveRecordsThatWereNeverProducedAreNotCountedAsLost() {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.NOOP));
		List.of(B0, B1, B2).forEach(checker::handle);

		assertThat(checker.result(false, "client").checks()).containsEntry("lost", 1L);
	}

	@Test
	void recordsThatAreNotPartOfTheRunAreCountedAsUnexpected() {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.NOOP));
		checker.handle("garbage");
		checker.handle(null);
		checker.handle(BenchmarkRecords.value(99, 0, 0, 0));

		assertThat(checker.result(false, "client").checks()).containsEntry("unexpected", 3L);
	}

	@Test
	void oneKeyInTheHandlerOnTwoThreadsAtOnceIsAnOverlap() throws Exception {
		RecordChecker checker = new RecordChecker(settings(HandlerMode.IO_1MS));
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread thread = new Thread(() -> {
				while (!stop.get()) {
					checker.handle(B0);
				}
			}, "overlap-" + i);
			thread.start();
			threads.add(thread);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (checker.result(false, "client").checks().get("concurrent_key_overlaps") == 0
				&& System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}

		assertThat(checker.result(false, "client").checks().get("concurrent_key_overlaps")).isPositive();
	}

	@Test
	void percentileIsNearestRank() {
		int[] sorted = new int[100];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = i + 1;
		}
		assertThat(RecordChecker.percentile(sorted, 0.50)).isEqualTo(50);
		assertThat(RecordChecker.percentile(sorted, 0.99)).isEqualTo(99);
		assertThat(RecordChecker.percentile(new int[] { 7 }, 0.99)).isEqualTo(7);
	}

}
