package io.github.reliablemessaging.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ScenarioReportTest {

	@Test
	void spreadIsMedianMinAndMaxOfTheRounds() {
		assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
		assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Spread(2.5, 1.0, 4.0, 4));
	}

	@Test
	void samplesOfOneSystemAndMetricAreSummarisedOverTheRounds() {
		ScenarioReport report = new ScenarioReport();
		report.sample("reliable", "io1ms_records_per_s", 100);
		report.sample("reliable", "io1ms_records_per_s", 300);
		report.sample("reliable", "io1ms_records_per_s", 200);

		assertThat(report.systems().get("reliable").get("io1ms_records_per_s")).isEqualTo(new Spread(200, 100, 300, 3));
		assertThat(report.median("reliable", "io1ms_records_per_s")).hasValue(200);
		assertThat(report.median("reliable", "p99_ms")).isEmpty();
	}

	@Test
	void checksAddUpPerSystemAndInTotal() {
		ScenarioReport report = new ScenarioReport();
		report.check("a", ScenarioReport.LOST, 2);
		report.check("a", ScenarioReport.LOST, 1);
		report.check("b", ScenarioReport.LOST, 4);
		report.check("a", ScenarioReport.ORDER_VIOLATIONS, 0);
		report.check("a", ScenarioReport.DUPLICATES, 5);

		assertThat(report.checksBySystem().get("a")).containsEntry(ScenarioReport.LOST, 3L);
		assertThat(report.checkTotals()).containsEntry(ScenarioReport.LOST, 7L)
			.containsEntry(ScenarioReport.ORDER_VIOLATIONS, 0L)
			.containsEntry(ScenarioReport.DUPLICATES, 5L);
	}

	@Test
	void aScenarioMustRecordTheRequiredChecksOrDeclareThemNotApplicable() {
		ScenarioReport report = new ScenarioReport();
		report.check("a", ScenarioReport.LOST, 0);
		report.check("a", ScenarioReport.DUPLICATES, 0);
		assertThatIllegalStateException().isThrownBy(report::checkTotals).withMessageContaining("order_violations");

		report.checkNotApplicable(ScenarioReport.ORDER_VIOLATIONS);
		assertThat(report.checkTotals()).containsEntry(ScenarioReport.ORDER_VIOLATIONS, null);
	}

	@Test
	void nonFiniteFiguresAreRefused() {
		ScenarioReport report = new ScenarioReport();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> report.sample("a", "p99_ms", Double.NaN))
			.withMessageContaining("p99_ms");
	}

}
