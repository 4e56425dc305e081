package io.github.reliablemessaging.benchmarks.ordered;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.github.reliablemessaging.benchmarks.peer.BenchmarkRecords;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;

/**
 * Produces the scenario's records: the backlog once (every system consumes the same topic), and each run's live
 * records at a fixed rate. Keys are drawn uniformly with a fixed seed; each key's records carry sequence numbers from
 * 0 so that consumers can check per-key order.
 */
final class TopicData implements AutoCloseable {

	private final KafkaProducer<String, String> bulk;

	private final KafkaProducer<String, String> paced;

	TopicData(String bootstrapServers) {
		this.bulk = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
				ProducerConfig.CLIENT_ID_CONFIG, "bench-backlog-producer"), new StringSerializer(),
				new StringSerializer());
		// no linger: a live record's latency starts when it is handed over and should not wait for a batch
		this.paced = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.CLIENT_ID_CONFIG, "bench-live-producer"),
				new StringSerializer(), new StringSerializer());
	}

	/**
	 * Produces the backlog: indexes {@code [0, records)}, keys {@code [0, keys)}.
	 * @param topic the topic
	 * @param records how many
	 * @param keys distinct keys
	 */
	void produceBacklog(String topic, int records, int keys) {
		produce(this.bulk, topic, 0, records, 0, keys, 0, 1L);
	}

	/**
	 * Produces live records at a fixed rate: indexes {@code [firstIndex, firstIndex + records)}, keys
	 * {@code [firstKey, firstKey + keys)}.
	 * @param topic the topic
	 * @param firstIndex index of the first record
	 * @param records how many
	 * @param firstKey index of the first key
	 * @param keys distinct keys
	 * @param ratePerSecond records per second
	 */
	void produceLive(String topic, int firstIndex, int records, int firstKey, int keys, int ratePerSecond) {
		produce(this.paced, topic, firstIndex, records, firstKey, keys, ratePerSecond, 2L);
	}

	private static void produce(KafkaProducer<String, String> producer, String topic, int firstIndex, int records,
			int firstKey, int keys, int ratePerSecond, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] sequences = new int[keys];
		AtomicReference<Exception> failure = new AtomicReference<>();
		long start = System.nanoTime();
		long period = (ratePerSecond > 0) ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
		for (int i = 0; i < records && failure.get() == null; i++) {
			if (period > 0) {
				long due = start + i * period;
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			int key = random.nextInt(keys);
			String value = BenchmarkRecords.value(firstIndex + i, firstKey + key, sequences[key]++,
					RecordChecker.nowMicros());
			producer.send(new ProducerRecord<>(topic, BenchmarkRecords.key(firstKey + key), value), (metadata, ex) -> {
				if (ex != null) {
					failure.compareAndSet(null, ex);
				}
			});
		}
		producer.flush();
		if (failure.get() != null) {
			throw new IllegalStateException("Producing to " + topic + " failed", failure.get());
		}
	}

	@Override
	public void close() {
		this.bulk.close();
		this.paced.close();
	}

}
