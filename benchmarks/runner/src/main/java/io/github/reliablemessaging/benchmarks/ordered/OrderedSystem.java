package io.github.reliablemessaging.benchmarks.ordered;

import java.util.List;
import java.util.function.ToIntFunction;

import io.github.reliablemessaging.benchmarks.peer.HandlerMode;

/**
 * A system of the ordered-consumer scenario: which peer JVM runs it, with which handlers, and how many records it can
 * have in its handler at once (for the 1 ms handler's ceiling).
 *
 * @param name the system's name in the results
 * @param peer the peer JVM that runs it
 * @param handlers the handlers it runs with
 * @param parallelism records in the handler at once, from the scenario's parameters
 */
record OrderedSystem(String name, String peer, List<HandlerMode> handlers, ToIntFunction<OrderedParameters> parallelism) {

	private static final List<HandlerMode> BOTH = List.of(HandlerMode.NOOP, HandlerMode.IO_1MS);

	static final String RELIABLE = "reliable";

	static final String RELIABLE_SPRING = "reliable-spring";

	static final String RAW = "raw-poll-loop";

	/** The catalogue, in table order: this project first, then the ceiling, then the peers. */
	static List<OrderedSystem> catalogue() {
		return List.of(new OrderedSystem(RELIABLE, "peers", BOTH, OrderedParameters::workers),
				new OrderedSystem(RELIABLE_SPRING, "peers", BOTH, OrderedParameters::workers),
				new OrderedSystem(RAW, "peers", List.of(HandlerMode.NOOP), (p) -> 1),
				new OrderedSystem("plain-consumer", "peers", BOTH, OrderedParameters::partitions),
				new OrderedSystem("spring-kafka", "peers", BOTH, OrderedParameters::partitions),
				new OrderedSystem("parallel-consumer", "parallel-consumer", BOTH, OrderedParameters::workers));
	}

}
