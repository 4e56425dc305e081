package io.github.reliablemessaging.benchmarks.peers.idempotency;

import java.util.Arrays;
import java.util.List;

/**
 * The systems of the idempotency scenario: the same Spring Boot listener application that inserts one business row
 * per record, with or without {@code @IdempotentListener}, with or without the Redis layer.
 */
enum IdempotencySystem {

	/** The listener without {@code @IdempotentListener}: one auto-committed INSERT per record. */
	BASELINE("baseline", false, false),

	/**
	 * The listener without {@code @IdempotentListener} but {@code @Transactional}: the business INSERT in a transaction
	 * of its own, as a business change of more than one statement needs; isolates what the starter adds to a
	 * transactional listener (the claim row and the Redis calls).
	 */
	BASELINE_TX("baseline-tx", false, false),

	/** {@code @IdempotentListener} with the Redis pre-check and done-marker (the starter's default). */
	RELIABLE_REDIS("reliable-redis", true, true),

	/** {@code @IdempotentListener} on the database alone ({@code reliable.idempotency.redis.enabled=false}). */
	RELIABLE_DB("reliable-db", true, false),

	/** As {@link #RELIABLE_REDIS}, on the topic with 10 % re-published duplicates. */
	RELIABLE_REDIS_DUP10("reliable-redis-dup10", true, true),

	/** As {@link #RELIABLE_DB}, on the topic with 10 % re-published duplicates. */
	RELIABLE_DB_DUP10("reliable-db-dup10", true, false);

	private final String label;

	private final boolean idempotent;

	private final boolean redis;

	IdempotencySystem(String label, boolean idempotent, boolean redis) {
		this.label = label;
		this.idempotent = idempotent;
		this.redis = redis;
	}

	String label() {
		return this.label;
	}

	boolean idempotent() {
		return this.idempotent;
	}

	boolean redis() {
		return this.redis;
	}

	static List<IdempotencySystem> all() {
		return List.of(values());
	}

	static IdempotencySystem of(String label) {
		return Arrays.stream(values())
			.filter((system) -> system.label.equals(label))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown idempotency system '" + label + "', expected one of "
					+ Arrays.stream(values()).map(IdempotencySystem::label).toList()));
	}

}
