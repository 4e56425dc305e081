package io.github.reliablemessaging.benchmarks;

import java.util.List;
import java.util.Optional;

import io.github.reliablemessaging.benchmarks.idempotency.IdempotencyScenario;
import io.github.reliablemessaging.benchmarks.ordered.OrderedConsumerScenario;

/** Every scenario the runner knows, in the order {@code --scenario all} runs them. */
public final class Scenarios {

	private Scenarios() {
	}

	/** @return the scenarios; feature owners add theirs here */
	public static List<Scenario> all() {
		return List.of(new OrderedConsumerScenario(),
				new IdempotencyScenario(),
				new io.github.reliablemessaging.benchmarks.sharding.SlotMigrationScenario(),
				new io.github.reliablemessaging.benchmarks.drain.BacklogDrainScenario(),
				new io.github.reliablemessaging.benchmarks.scatter.ScatterGatherScenario());
	}

	/**
	 * @param name a scenario name
	 * @return the scenario, if there is one of that name
	 */
	public static Optional<Scenario> named(String name) {
		return all().stream().filter((scenario) -> scenario.name().equals(name)).findFirst();
	}

}
