package io.github.reliablemessaging.ops.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Burrow-style rules over a window of (committed, end) samples. */
class LagJudgementTest {

	private final LagMonitor monitor = new LagMonitor(null, Set::of, 4, Clock.systemUTC());

	private static List<LagMonitor.Sample> window(long[][] committedAndEnd) {
		List<LagMonitor.Sample> samples = new ArrayList<>();
		for (long[] s : committedAndEnd) {
			samples.add(new LagMonitor.Sample(Instant.EPOCH, s[0], s[1]));
		}
		return samples;
	}

	@Test
	void caughtUpIsOkEvenWithoutMembers() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 10 }, { 10, 10 } }), 0)).isEqualTo(LagStatus.OK);
	}

	@Test
	void lagWithNobodyConsumingIsStop() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 10 } }), 0)).isEqualTo(LagStatus.STOP);
	}

	@Test
	void committedOffsetNotMovingWithLagIsStall() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 10 }, { 5, 10 }, { 5, 11 }, { 5, 12 } }), 1)).isEqualTo(LagStatus.STALL);
	}

	@Test
	void committingButFallingFurtherBehindIsWarn() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 10 }, { 6, 13 }, { 7, 16 }, { 8, 20 } }), 1)).isEqualTo(LagStatus.WARN);
	}

	@Test
	void committingAndCatchingUpIsOk() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 20 }, { 9, 21 }, { 12, 22 }, { 20, 23 } }), 1)).isEqualTo(LagStatus.OK);
	}

	@Test
	void aWindowNotFullYetIsNotJudgedStalled() {
		assertThat(this.monitor.judge(window(new long[][] { { 5, 10 }, { 5, 10 } }), 1)).isEqualTo(LagStatus.OK);
	}

}
