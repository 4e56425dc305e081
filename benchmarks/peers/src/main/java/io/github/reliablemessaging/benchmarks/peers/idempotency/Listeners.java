package io.github.reliablemessaging.benchmarks.peers.idempotency;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;

import io.github.reliablemessaging.idempotency.IdempotentListener;

/** The scenario's listener, once plain and once idempotent; the body is the same. */
final class Listeners {

	static final String ID = "bench-idempotency";

	private Listeners() {
	}

	/** Without idempotency: the baseline. The group is the run's own ({@code spring.kafka.consumer.group-id}), not the id. */
	public static class Plain {

		private final OrderRows rows;

		Plain(OrderRows rows) {
			this.rows = rows;
		}

		/** @param record inserted as a business row */
		@KafkaListener(id = ID, idIsGroup = false, topics = "${bench.topic}", concurrency = "${bench.concurrency}")
		public void on(ConsumerRecord<String, String> record) {
			this.rows.insert(record);
		}

	}

	/** Without idempotency, the business change in a transaction of its own. */
	public static class InTransaction {

		private final OrderRows rows;

		InTransaction(OrderRows rows) {
			this.rows = rows;
		}

		/** @param record inserted as a business row, in a transaction */
		@KafkaListener(id = ID, idIsGroup = false, topics = "${bench.topic}", concurrency = "${bench.concurrency}")
		@Transactional
		public void on(ConsumerRecord<String, String> record) {
			this.rows.insert(record);
		}

	}

	/** With {@code @IdempotentListener} keyed by the producer's event id, as the starter's README recommends. */
	public static class Idempotent {

		private final OrderRows rows;

		Idempotent(OrderRows rows) {
			this.rows = rows;
		}

		/** @param record inserted as a business row, once per event id */
		@KafkaListener(id = ID, idIsGroup = false, topics = "${bench.topic}", concurrency = "${bench.concurrency}")
		@IdempotentListener(key = "#headers['" + OrderRows.EVENT_ID + "']")
		public void on(ConsumerRecord<String, String> record) {
			this.rows.insert(record);
		}

	}

}
