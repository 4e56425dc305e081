package io.github.reliablemessaging.ops.switches;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchBoardTest {

	private final SwitchBoard board = new SwitchBoard("test-instance", 100, Clock.systemUTC());

	@Test
	void invalidValuesAreRefusedWithTheReasonAndChangeNothing() {
		this.board.define(SwitchDefinition.integer("workers", 16, "worker threads").between(1, 1024));
		List<Object> seen = new ArrayList<>();
		this.board.onChange("workers", seen::add);

		assertThatThrownBy(() -> this.board.set("workers", "0", "ops", null)).hasMessageContaining("between 1 and 1024");
		assertThatThrownBy(() -> this.board.set("workers", "many", "ops", null)).hasMessageContaining("whole number");
		assertThatThrownBy(() -> this.board.set("nope", "1", "ops", null)).isInstanceOf(SwitchBoard.UnknownSwitchException.class)
			.hasMessageContaining("workers");

		assertThat(this.board.value("workers")).contains(16);
		assertThat(seen).containsExactly(16);
		assertThat(this.board.auditLog()).isEmpty();
	}

	@Test
	void aChangeIsAuditedPropagatedAndDeliveredToSubscribers() {
		List<SwitchChange> published = new ArrayList<>();
		this.board.setPropagator(published::add);
		this.board.define(SwitchDefinition.bool("multithreaded", true, "multithreading"));
		List<Object> seen = new ArrayList<>();
		this.board.onChange("multithreaded", seen::add);

		SwitchChange change = this.board.set("multithreaded", "off", "alice", "incident 42");

		assertThat(change.oldValue()).isEqualTo("true");
		assertThat(change.newValue()).isEqualTo("false");
		assertThat(change.actor()).isEqualTo("alice");
		assertThat(published).containsExactly(change);
		assertThat(seen).containsExactly(true, false);
		assertThat(this.board.auditLog()).containsExactly(change);
	}

	@Test
	void aChangeKafkaDidNotAcceptIsNotApplied() {
		this.board.setPropagator((change) -> {
			throw new IllegalStateException("broker down");
		});
		this.board.define(SwitchDefinition.bool("paused", false, "paused"));

		assertThatThrownBy(() -> this.board.set("paused", "true", "ops", null)).hasMessageContaining("broker down");
		assertThat(this.board.value("paused")).contains(false);
	}

	@Test
	void valuesReceivedBeforeTheSwitchIsDefinedApplyWhenItIs() {
		this.board.receive(new SwitchChange("listener.x.paused", "false", "true", "bob", null, Clock.systemUTC().instant(),
				"other", "propagated"), "restored");
		this.board.seed("workers", "8");

		this.board.define(SwitchDefinition.bool("listener.x.paused", false, "paused"));
		this.board.define(SwitchDefinition.integer("workers", 16, "workers"));

		assertThat(this.board.value("listener.x.paused")).contains(true);
		assertThat(this.board.value("workers")).contains(8);
	}

	@Test
	void concurrentSettersNeverLoseTheOrderOfAuditAndValue() throws Exception {
		this.board.define(SwitchDefinition.integer("n", 0, "n").between(0, 100_000));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 8; t++) {
			int base = t * 1000;
			pool.submit(() -> {
				start.await();
				for (int i = 1; i <= 200; i++) {
					this.board.set("n", String.valueOf(base + i), "t", null);
				}
				return null;
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		List<SwitchChange> log = this.board.auditLog();
		assertThat(log).hasSize(100);
		for (int i = 1; i < log.size(); i++) {
			assertThat(log.get(i).oldValue()).isEqualTo(log.get(i - 1).newValue());
		}
		assertThat(String.valueOf(this.board.value("n").orElseThrow())).isEqualTo(log.get(log.size() - 1).newValue());
	}

}
