package io.github.reliablemessaging.benchmarks.peers;

import org.apache.kafka.common.utils.AppInfoParser;

/** The Kafka client version on this peer's class path. */
final class KafkaClient {

	private KafkaClient() {
	}

	static String version() {
		return "kafka-clients " + AppInfoParser.getVersion();
	}

}
