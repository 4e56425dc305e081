package io.github.reliablemessaging.benchmarks.peers.idempotency;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The business change of the scenario: one row per record in {@code bench_orders}. Through {@link JdbcTemplate}, so
 * that under {@code @IdempotentListener} it joins the transaction holding the idempotency row, and runs with
 * auto-commit otherwise.
 */
public class OrderRows {

	/** Header carrying the producer's event id, the idempotency key. */
	public static final String EVENT_ID = "event-id";

	private final JdbcTemplate jdbc;

	OrderRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ConsumerRecord<String, String> record) {
		this.jdbc.update("INSERT INTO bench_orders (event_id, order_key, payload) VALUES (?, ?, ?)",
				new String(record.headers().lastHeader(EVENT_ID).value(), java.nio.charset.StandardCharsets.UTF_8),
				record.key(), record.value());
	}

}
