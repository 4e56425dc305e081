package io.github.reliablemessaging.benchmarks.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;

/**
 * What many services do by hand: one {@link KafkaConsumer} per partition, each on its own thread, handling the
 * records of a poll one after the other and then {@code commitSync()}.
 */
final class PlainConsumerSystem implements ConsumerSystem {

	static final String NAME = "plain-consumer";

	private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	@Override
	public void start(PeerSettings settings, RecordChecker checker) {
		for (int i = 0; i < settings.partitions(); i++) {
			KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.consumerProperties(NAME + "-" + i));
			consumer.subscribe(settings.topics());
			this.consumers.add(consumer);
			Thread thread = new Thread(() -> pollLoop(consumer, checker), "bench-" + NAME + "-" + i);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void pollLoop(KafkaConsumer<String, String> consumer, RecordChecker checker) {
		try {
			while (this.running) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
				for (ConsumerRecord<String, String> record : records) {
					checker.handle(record.value());
				}
				if (!records.isEmpty()) {
					consumer.commitSync();
				}
			}
		}
		catch (WakeupException ex) {
			if (this.running) {
				throw ex;
			}
			// the wake-up may have cut short the commit of the last batch; every polled record has been handled
			consumer.commitSync();
		}
		finally {
			consumer.close();
		}
	}

	@Override
	public String client() {
		return KafkaClient.version();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.consumers.forEach(KafkaConsumer::wakeup);
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
