package io.github.reliablemessaging.benchmarks.peers;

import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;
import io.github.reliablemessaging.ordered.OrderedConsumer;

/**
 * This project's ordered parallel consumer ({@code starter-ordered-consumer}), reported as {@code reliable}: its
 * Spring-free core {@link OrderedConsumer} with {@code settings.workers()} workers, the settings of
 * {@link ReliableSettings}, and the same consumer properties as every other system.
 */
final class ReliableSystem implements ConsumerSystem {

	static final String NAME = "reliable";

	private OrderedConsumer<String, String> consumer;

	@Override
	public void start(PeerSettings settings, RecordChecker checker) {
		this.consumer = OrderedConsumer.<String, String>builder("bench-" + NAME)
			.consumer(() -> new KafkaConsumer<>(settings.consumerProperties(NAME)))
			.topics(settings.topics())
			.settings(ReliableSettings.of(settings))
			.handler((record) -> checker.handle(record.value()))
			.build();
		this.consumer.start();
	}

	@Override
	public String client() {
		return KafkaClient.version() + ", " + ReliableSettings.moduleVersion();
	}

	@Override
	public void close() {
		if (this.consumer != null) {
			// graceful: waits for dispatched records, commits the completed prefix, closes the consumer
			this.consumer.close();
		}
	}

}
