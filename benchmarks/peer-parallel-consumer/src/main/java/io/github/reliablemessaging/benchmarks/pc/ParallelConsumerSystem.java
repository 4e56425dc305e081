package io.github.reliablemessaging.benchmarks.pc;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.AppInfoParser;

import io.github.reliablemessaging.benchmarks.peer.ClientVersions;
import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;

/**
 * Confluent Parallel Consumer with {@link ProcessingOrder#KEY} (records of one key one at a time, in order; keys in
 * parallel) and {@code maxConcurrency = workers}, its default periodic asynchronous commits, one record per call.
 */
final class ParallelConsumerSystem implements ConsumerSystem {

	static final String NAME = "parallel-consumer";

	private ParallelStreamProcessor<String, String> processor;

	@Override
	public void start(PeerSettings settings, RecordChecker checker) {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumerProperties(NAME));
		ParallelConsumerOptions<String, String> options = ParallelConsumerOptions.<String, String>builder()
			.consumer(consumer)
			.ordering(ProcessingOrder.KEY)
			.maxConcurrency(settings.workers())
			.commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
			.build();
		this.processor = ParallelStreamProcessor.createEosStreamProcessor(options);
		this.processor.subscribe(settings.topics());
		this.processor.poll((context) -> context.forEach((record) -> checker.handle(record.value())));
	}

	@Override
	public String client() {
		return "kafka-clients " + AppInfoParser.getVersion() + ", "
				+ ClientVersions.of("io.confluent.parallelconsumer", "parallel-consumer-core");
	}

	@Override
	public void close() {
		if (this.processor != null) {
			// commits the offsets of completed work before closing the consumer
			this.processor.closeDrainFirst();
		}
	}

}
