package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.reliablemessaging.sharding.rebalance.MoveListener;
import io.github.reliablemessaging.sharding.rebalance.MoveStep;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.github.reliablemessaging.sharding.rebalance.SlotMoveStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of slot moves: gauges of the move in progress ({@code reliable.sharding.rebalance.rows.copied},
 * {@code .rows.total}, {@code .lag} in ms, {@code .step} 1–7, {@code .eta} in seconds; NaN when no move runs), and
 * per finished step: {@code reliable.sharding.rebalance.freeze} (how long writers of a moved slot were held) and
 * {@code reliable.sharding.rebalance.moves} (tag {@code outcome} = done / aborted).
 */
public class RebalanceMeterBinder implements MeterBinder, MoveListener {

	private final Supplier<Rebalancer> rebalancer;

	private volatile Timer freeze;

	private volatile Counter done;

	private volatile Counter aborted;

	/** @param rebalancer the rebalancer (looked up lazily: it is told about moves through this binder) */
	public RebalanceMeterBinder(Supplier<Rebalancer> rebalancer) {
		this.rebalancer = rebalancer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "reliable.sharding.rebalance.rows.copied", "Rows copied by the move in progress", SlotMoveStatus::rowsCopied);
		gauge(registry, "reliable.sharding.rebalance.rows.total", "Rows of the slot being moved", SlotMoveStatus::rowsTotal);
		gauge(registry, "reliable.sharding.rebalance.lag", "Age in ms of the oldest captured change not yet applied",
				SlotMoveStatus::lagMillis);
		gauge(registry, "reliable.sharding.rebalance.step", "Step (1-7) of the move in progress", SlotMoveStatus::stepNumber);
		gauge(registry, "reliable.sharding.rebalance.eta", "Seconds until the copy of the move in progress is done",
				(m) -> (m.etaSeconds() != null) ? m.etaSeconds() : Double.NaN);
		this.freeze = Timer.builder("reliable.sharding.rebalance.freeze")
			.description("How long writers of a moved slot were held (freeze to unfreeze)")
			.register(registry);
		this.done = Counter.builder("reliable.sharding.rebalance.moves").tag("outcome", "done")
			.description("Slot moves finished").register(registry);
		this.aborted = Counter.builder("reliable.sharding.rebalance.moves").tag("outcome", "aborted")
			.description("Slot moves finished").register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<SlotMoveStatus> value) {
		Gauge.builder(name, this, (b) -> b.current().map(value::applyAsDouble).orElse(Double.NaN))
			.description(description)
			.register(registry);
	}

	private Optional<SlotMoveStatus> current() {
		try {
			return this.rebalancer.get().currentMove();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	@Override
	public void onStep(SlotMoveStatus move, MoveStep step, String point) {
		if (!"begin".equals(point)) {
			return;
		}
		if (step == MoveStep.CLEANUP && move.freezeMillis() != null && this.freeze != null) {
			this.freeze.record(move.freezeMillis(), TimeUnit.MILLISECONDS);
		}
		if (step == MoveStep.CLEANUP && this.done != null) {
			this.done.increment();
		}
		if (step == MoveStep.ABORTING && this.aborted != null) {
			this.aborted.increment();
		}
	}

}
