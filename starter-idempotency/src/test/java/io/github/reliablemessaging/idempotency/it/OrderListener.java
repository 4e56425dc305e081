package io.github.reliablemessaging.idempotency.it;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.idempotency.IdempotentListener;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The listeners of the scenarios. {@link #on} applies an order event: one row in {@code order_effects} (no
 * unique key there, so a duplicate effect would show as a second row).
 */
public class OrderListener {

	private final JdbcTemplate jdbc;

	/** Event ids whose first attempt fails after the business row was written. */
	final Set<String> failOnFirstAttempt = ConcurrentHashMap.newKeySet();

	/** Attempts per event id (listener body entered). */
	final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	@Value("${it.crash-after-commit-of:}")
	String crashAfterCommitOf;

	OrderListener(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	// accessors: the bean is a proxy, its own fields are not the target's

	public void failOnFirstAttempt(Set<String> eventIds) {
		this.failOnFirstAttempt.addAll(eventIds);
	}

	public Set<String> pendingFailures() {
		return Set.copyOf(this.failOnFirstAttempt);
	}

	public int attempts(String eventId) {
		AtomicInteger n = this.attempts.get(eventId);
		return (n != null) ? n.get() : 0;
	}

	@KafkaListener(id = "orders", topics = "${it.topic}", groupId = "${it.group}")
	@IdempotentListener(key = "#headers['event-id']")
	public void on(@Payload String payload) {
		String eventId = payload.split(",")[0];
		this.attempts.computeIfAbsent(eventId, (k) -> new AtomicInteger()).incrementAndGet();
		this.jdbc.update("INSERT INTO order_effects (group_name, event_id, payload) VALUES (?, ?, ?)",
				KafkaUtils.getConsumerGroupId(), eventId, payload);
		if (this.failOnFirstAttempt.remove(eventId)) {
			throw new IllegalStateException("first attempt of " + eventId + " fails after its business row was written");
		}
		if (eventId.equals(this.crashAfterCommitOf)) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					// the database has committed; the Redis done-marker is not set yet
					Runtime.getRuntime().halt(42);
				}
			});
		}
	}

	/** Stores the key it was given, to check what key expressions see. */
	@KafkaListener(id = "variables", topics = "${it.variables-topic:idem-variables}", groupId = "${it.group}-variables",
			autoStartup = "${it.variables:false}")
	@IdempotentListener(key = "#payload + '|' + #key + '|' + #topic + '|' + #partition + '|' + #offset + '|' "
			+ "+ #headers['h'] + '|' + #recordKey")
	public void variables(String value, @Header(KafkaHeaders.RECEIVED_KEY) String recordKey) {
		this.jdbc.update("INSERT INTO order_effects (group_name, event_id, payload) VALUES (?, ?, ?)",
				KafkaUtils.getConsumerGroupId(), "variables", value);
	}

}
