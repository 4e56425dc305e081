package io.github.reliablemessaging.ops.drain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Per-key sequence numbers: what was produced and what the listener saw, in which order. A record whose sequence
 * number is above the next expected one for its key is an order violation (a newer record overtook an older one); one
 * at or below the last seen is a redelivery (counted, harmless for an idempotent listener).
 */
final class SequenceLedger {

	private final Map<String, Long> produced = new ConcurrentHashMap<>();

	private final Map<String, Long> seen = new ConcurrentHashMap<>();

	final AtomicLong handled = new AtomicLong();

	final AtomicLong violations = new AtomicLong();

	final AtomicLong redeliveries = new AtomicLong();

	final AtomicLong fromDrainTopic = new AtomicLong();

	/** The first violations, for the failure message. */
	final java.util.List<String> violationDetails = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** Waits until every partition of a new topic has a leader (producing at once can meet NOT_LEADER). */
	static void awaitLeaders(org.apache.kafka.clients.admin.Admin admin, String topic) {
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin
			.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
			.allMatch((p) -> p.leader() != null && p.leader().id() >= 0));
	}

	/** Sends the next record of each of {@code keys} keys, {@code rounds} times. */
	long produce(KafkaProducer<String, String> producer, String topic, int keys, int rounds) {
		long sent = 0;
		java.util.List<java.util.concurrent.Future<?>> results = new java.util.ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (int k = 0; k < keys; k++) {
				String key = "key-" + k;
				long seq = this.produced.merge(key, 1L, Long::sum) - 1;
				results.add(producer.send(new ProducerRecord<>(topic, key, Long.toString(seq))));
				sent++;
			}
		}
		producer.flush();
		for (java.util.concurrent.Future<?> result : results) {
			try {
				result.get();   // a hole in the input would show as an order violation
			}
			catch (Exception ex) {
				throw new IllegalStateException("the test data could not be produced", ex);
			}
		}
		return sent;
	}

	void handle(String topic, String key, String value) {
		handle(topic, -1, -1, key, value);
	}

	void handle(String topic, int partition, long offset, String key, String value) {
		long seq = Long.parseLong(value);
		if (topic.endsWith(".drain")) {
			this.fromDrainTopic.incrementAndGet();
		}
		this.handled.incrementAndGet();
		this.seen.compute(key, (k, last) -> {
			long expected = (last == null) ? 0 : last + 1;
			if (seq < expected) {
				this.redeliveries.incrementAndGet();
				return last;
			}
			if (seq > expected) {
				this.violations.incrementAndGet();
				if (this.violationDetails.size() < 10) {
					this.violationDetails.add(key + ": got " + seq + " expected " + expected + " from " + topic + "-" + partition + "@"
							+ offset + " on " + Thread.currentThread().getName());
				}
			}
			return seq;
		});
	}

	long producedCount() {
		return this.produced.values().stream().mapToLong(Long::longValue).sum();
	}

	/** @return keys whose last produced record was not seen yet */
	long missingKeys() {
		return this.produced.entrySet().stream().filter((e) -> !Long.valueOf(e.getValue() - 1).equals(this.seen.get(e.getKey()))).count();
	}

	boolean allSeen() {
		return missingKeys() == 0;
	}

	@Override
	public String toString() {
		return "produced=" + producedCount() + " handled=" + this.handled + " fromDrainTopic=" + this.fromDrainTopic
				+ " violations=" + this.violations + " redeliveries=" + this.redeliveries + " missingKeys=" + missingKeys() + " firstViolations=" + this.violationDetails;
	}

}
