package io.github.reliablemessaging.benchmarks.peers;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;

/**
 * The ceiling: one {@link KafkaConsumer} polling in a loop and handing each record to the checker on the polling
 * thread, committing only once when it stops (so that the run ends with its offsets committed like every other
 * system's).
 */
final class RawPollLoopSystem implements ConsumerSystem {

	static final String NAME = "raw-poll-loop";

	private volatile boolean running = true;

	private KafkaConsumer<String, String> consumer;

	private Thread thread;

	@Override
	public void start(PeerSettings settings, RecordChecker checker) {
		this.consumer = new KafkaConsumer<>(settings.consumerProperties(NAME));
		this.consumer.subscribe(settings.topics());
		this.thread = new Thread(() -> pollLoop(checker), "bench-" + NAME);
		this.thread.start();
	}

	private void pollLoop(RecordChecker checker) {
		try {
			while (this.running) {
				ConsumerRecords<String, String> records = this.consumer.poll(Duration.ofMillis(100));
				for (ConsumerRecord<String, String> record : records) {
					checker.handle(record.value());
				}
			}
			this.consumer.commitSync();
		}
		catch (WakeupException ex) {
			if (this.running) {
				throw ex;
			}
			this.consumer.commitSync();
		}
		finally {
			this.consumer.close();
		}
	}

	@Override
	public String client() {
		return KafkaClient.version();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		if (this.consumer != null) {
			this.consumer.wakeup();
			this.thread.join();
		}
	}

}
