package io.github.reliablemessaging.benchmarks.pc;

import java.util.Map;
import java.util.function.Supplier;

import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerProcess;

/** Peer JVM for Confluent Parallel Consumer, on the Kafka 3.x client it needs. */
public final class ParallelConsumerMain {

	private ParallelConsumerMain() {
	}

	/**
	 * @param args {@code --list} or the run's settings
	 */
	public static void main(String[] args) {
		Map<String, Supplier<ConsumerSystem>> systems = Map.of(ParallelConsumerSystem.NAME, ParallelConsumerSystem::new);
		PeerProcess.run(args, systems);
	}

}
