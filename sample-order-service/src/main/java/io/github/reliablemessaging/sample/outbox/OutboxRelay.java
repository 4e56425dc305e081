package io.github.reliablemessaging.sample.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Relays the transactional outbox to Kafka: one thread per set reads the oldest events of the slots the set owns
 * (by id, which grows per order in commit order), sends them keyed by order number, waits until Kafka acknowledged
 * every one ({@code acks=all}, idempotent producer), and only then deletes them. A failure leaves the rows for the
 * next round: an event is published at least once and never lost; a repeat is harmless to the idempotent consumer.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final ShardedStore store;

	private final KafkaTemplate<Object, Object> kafka;

	private final String topic;

	private final int batchSize;

	private final Duration idle;

	private final Counter relayed;

	private final AtomicLong failures = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	OutboxRelay(ShardedStore store, KafkaTemplate<Object, Object> kafka, MeterRegistry meters,
			@Value("${sample.topics.order-events.name}") String topic,
			@Value("${sample.outbox.batch-size:500}") int batchSize,
			@Value("${sample.outbox.idle-interval:20ms}") Duration idle) {
		this.store = store;
		this.kafka = kafka;
		this.topic = topic;
		this.batchSize = batchSize;
		this.idle = idle;
		this.relayed = Counter.builder("sample.outbox.relayed").description("Outbox events acknowledged by Kafka")
			.register(meters);
		Gauge.builder("sample.outbox.failures", this.failures, AtomicLong::get)
			.description("Relay rounds that failed (rows kept and sent again)").register(meters);
	}

	@Override
	public synchronized void start() {
		this.running = true;
		for (String set : this.store.setNames()) {
			Thread thread = new Thread(() -> relay(set), "sample-outbox-relay-" + set);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
		log.info("Outbox relay started for sets {} -> topic {}", this.store.setNames(), this.topic);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stops before the Kafka listener containers and the producer factory; starts after them
		return Integer.MAX_VALUE - 1000;
	}

	/** @return outbox rows not yet relayed, over every set */
	public long pending() {
		long total = 0;
		for (String set : this.store.setNames()) {
			Long rows = new JdbcTemplate(this.store.setDataSource(set)).queryForObject("SELECT COUNT(*) FROM order_outbox",
					Long.class);
			total += (rows != null) ? rows : 0;
		}
		return total;
	}

	private void relay(String set) {
		JdbcTemplate jdbc = new JdbcTemplate(this.store.setDataSource(set));
		long backoff = 0;
		while (this.running) {
			try {
				int sent = relayOnce(jdbc);
				backoff = 0;
				if (sent < this.batchSize) {
					TimeUnit.MILLISECONDS.sleep(this.idle.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				this.failures.incrementAndGet();
				backoff = Math.min(Math.max(backoff * 2, 100), 5_000);
				log.warn("Outbox relay of set {} failed, retrying in {} ms: {}", set, backoff, ex.toString());
				try {
					TimeUnit.MILLISECONDS.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private int relayOnce(JdbcTemplate jdbc) throws InterruptedException {
		// only the slots this set owns: a moved slot's leftover copy is not published again
		List<Object[]> rows = jdbc.query("SELECT id, order_no, payload FROM order_outbox WHERE slot IN"
				+ " (SELECT slot FROM slot_owner WHERE state IN ('OWNED', 'FROZEN')) ORDER BY id LIMIT ?",
				(rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3) }, this.batchSize);
		if (rows.isEmpty()) {
			return 0;
		}
		List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
		for (Object[] row : rows) {
			acks.add(this.kafka.send(this.topic, Long.toString((Long) row[1]), row[2]));
		}
		try {
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Kafka did not acknowledge the batch: " + ex.getMessage(), ex);
		}
		StringBuilder ids = new StringBuilder();
		for (Object[] row : rows) {
			ids.append(ids.isEmpty() ? "" : ",").append((Long) row[0]);
		}
		jdbc.update("DELETE FROM order_outbox WHERE id IN (" + ids + ")");
		this.relayed.increment(rows.size());
		return rows.size();
	}

}
