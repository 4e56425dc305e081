package io.github.reliablemessaging.ops.monitoring.canary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bookkeeping rules of one canary partition, with explicit times. */
class CanaryPartitionTest {

	static final long GRACE = 1000;

	private final CanaryPartition partition = new CanaryPartition(0, 100, 10);

	@Test
	void anAcknowledgedRecordThatDoesNotArriveWithinTheGraceIsLost() {
		long seq = this.partition.nextSend(0);
		this.partition.acked(seq);

		assertThat(this.partition.expire(GRACE, GRACE)).isZero();
		assertThat(this.partition.expire(GRACE + 1, GRACE)).isEqualTo(1);

		assertThat(this.partition.report().lost()).isEqualTo(1);
		assertThat(this.partition.report().recentAvailability()).isEqualTo(0.0);
	}

	@Test
	void aRecordKafkaHasNotAcknowledgedYetIsNotLostButAFailedSendCountsAgainstAvailability() {
		long unacked = this.partition.nextSend(0);
		assertThat(this.partition.expire(10 * GRACE, GRACE)).isZero();
		assertThat(this.partition.report().pending()).isEqualTo(1);

		this.partition.sendFailed(unacked);

		assertThat(this.partition.report().lost()).isZero();
		assertThat(this.partition.report().sendErrors()).isEqualTo(1);
		assertThat(this.partition.report().availability()).isEqualTo(0.0);
	}

	@Test
	void aRecordReadBeforeItsAcknowledgementIsDeliveredAndNeverLost() {
		long seq = this.partition.nextSend(0);
		assertThat(this.partition.received(seq, 0, 7)).isEqualTo(CanaryPartition.Arrival.DELIVERED);
		this.partition.acked(seq);

		assertThat(this.partition.expire(10 * GRACE, GRACE)).isZero();
		assertThat(this.partition.report().delivered()).isEqualTo(1);
		assertThat(this.partition.report().latencyMillis().max()).isEqualTo(7);
	}

	@Test
	void aSecondArrivalIsADuplicateAndAnArrivalAfterTheGraceIsLate() {
		long first = this.partition.nextSend(0);
		long second = this.partition.nextSend(0);
		this.partition.acked(first);
		this.partition.acked(second);
		this.partition.received(first, 0, 5);

		assertThat(this.partition.received(first, 0, 6)).isEqualTo(CanaryPartition.Arrival.DUPLICATE);
		this.partition.expire(GRACE + 1, GRACE);
		assertThat(this.partition.received(second, 0, GRACE + 2)).isEqualTo(CanaryPartition.Arrival.LATE);

		CanaryReport.PartitionReport report = this.partition.report();
		assertThat(report.delivered()).isEqualTo(1);
		assertThat(report.duplicates()).isEqualTo(1);
		assertThat(report.lost()).isEqualTo(1);
		assertThat(report.lateArrivals()).isEqualTo(1);
	}

	@Test
	void percentilesAreTakenOverTheLatestDeliveries() {
		for (int i = 1; i <= 100; i++) {
			long seq = this.partition.nextSend(0);
			this.partition.received(seq, 0, i);
		}

		CanaryReport.Latency latency = this.partition.report().latencyMillis();

		assertThat(latency.p50()).isEqualTo(50);
		assertThat(latency.p99()).isEqualTo(99);
		assertThat(latency.max()).isEqualTo(100);
		assertThat(latency.samples()).isEqualTo(100);
	}

	@Test
	void recentAvailabilityRecoversOnceTheWindowHoldsOnlyDeliveries() {
		long lost = this.partition.nextSend(0);
		this.partition.acked(lost);
		this.partition.expire(GRACE + 1, GRACE);
		assertThat(this.partition.report().recentAvailability()).isEqualTo(0.0);

		for (int i = 0; i < 10; i++) {
			this.partition.received(this.partition.nextSend(0), 0, 1);
		}

		assertThat(this.partition.report().recentAvailability()).isEqualTo(1.0);
		assertThat(this.partition.report().availability()).isEqualTo(10.0 / 11);
	}

}
