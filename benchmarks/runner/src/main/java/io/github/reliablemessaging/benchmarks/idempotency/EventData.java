package io.github.reliablemessaging.benchmarks.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the scenario's order events once: each with a unique event id in the {@code event-id} header (the
 * idempotency key), an order id as record key and a small JSON payload. The duplicates topic holds the same events
 * plus re-published copies (same key, header and payload, so the same partition, later offset), spread evenly over
 * the stream, as a producer retry or a replay would make them.
 */
final class EventData {

	static final String EVENT_ID = "event-id";

	private EventData() {
	}

	/**
	 * @param bootstrapServers the broker
	 * @param topic the topic
	 * @param parameters events and keys
	 * @param duplicates re-published copies to add (0 for none)
	 */
	static void produce(String bootstrapServers, String topic, IdempotencyParameters parameters, int duplicates) {
		SplittableRandom random = new SplittableRandom(7);
		AtomicReference<Exception> failure = new AtomicReference<>();
		List<ProducerRecord<String, String>> sent = new ArrayList<>(parameters.events());
		// one copy after every (events / duplicates)-th event, of an event already sent
		int every = (duplicates > 0) ? Math.max(1, parameters.events() / duplicates) : Integer.MAX_VALUE;
		int copies = 0;
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.CLIENT_ID_CONFIG, "bench-events"),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < parameters.events() && failure.get() == null; i++) {
				String orderId = "order-" + random.nextInt(parameters.keys());
				ProducerRecord<String, String> record = new ProducerRecord<>(topic, orderId,
						"{\"eventId\":\"evt-" + i + "\",\"orderId\":\"" + orderId + "\",\"amountCents\":" + random.nextInt(100_000)
								+ "}");
				record.headers().add(EVENT_ID, ("evt-" + i).getBytes(StandardCharsets.UTF_8));
				send(producer, record, failure);
				sent.add(record);
				if ((i + 1) % every == 0 && copies < duplicates) {
					ProducerRecord<String, String> original = sent.get(random.nextInt(sent.size()));
					ProducerRecord<String, String> copy = new ProducerRecord<>(topic, original.key(), original.value());
					original.headers().forEach(copy.headers()::add);
					send(producer, copy, failure);
					copies++;
				}
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("Producing to " + topic + " failed", failure.get());
		}
		if (copies != duplicates) {
			throw new IllegalStateException("Produced " + copies + " duplicates instead of " + duplicates);
		}
	}

	private static void send(KafkaProducer<String, String> producer, ProducerRecord<String, String> record,
			AtomicReference<Exception> failure) {
		producer.send(record, (metadata, ex) -> {
			if (ex != null) {
				failure.compareAndSet(null, ex);
			}
		});
	}

}
