package io.github.reliablemessaging.benchmarks.peers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerProcess;

/** Peer JVM for the systems that run on this project's Kafka client version. */
public final class PeersMain {

	private PeersMain() {
	}

	/**
	 * @param args {@code --list} or the run's settings
	 */
	public static void main(String[] args) {
		Map<String, Supplier<ConsumerSystem>> systems = new LinkedHashMap<>();
		systems.put(ReliableSystem.NAME, ReliableSystem::new);
		systems.put(ReliableSpringSystem.NAME, ReliableSpringSystem::new);
		systems.put(RawPollLoopSystem.NAME, RawPollLoopSystem::new);
		systems.put(PlainConsumerSystem.NAME, PlainConsumerSystem::new);
		systems.put(SpringKafkaSystem.NAME, SpringKafkaSystem::new);
		PeerProcess.run(args, systems);
	}

}
