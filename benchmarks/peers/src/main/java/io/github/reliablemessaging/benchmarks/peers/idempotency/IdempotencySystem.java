package io.github.reliablemessaging.benchmarks.peers.idempotency;

import java.util.Arrays;
import java.util.List;

/**
 * The systems of the idempotency scenario: the same Spring Boot listener application that inserts one business row
 * per record, with or without {@code @IdempotentListener}, with or without the Redis layer.
 */
enum IdempotencySystem {

	/** The listener without {@code @IdempotentListener}: one auto-committed INSERT per record. */
	BASELINE("baseline", false, false, true),

	/**
	 * The listener without {@code @IdempotentListener} but {@code @Transactional}: the business INSERT in a transaction
	 * of its own, as a business change of more than one statement needs; isolates what the starter adds to a
	 * transactional listener (the claim row and the Redis calls).
	 */
	BASELINE_TX("baseline-tx", false, false, true),

	/** {@code @IdempotentListener} with the Redis pre-check and done-marker (the starter's default). */
	RELIABLE_REDIS("reliable-redis", true, true, true),

	/** {@code @IdempotentListener} on the database alone ({@code reliable.idempotency.redis.enabled=false}). */
	RELIABLE_DB("reliable-db", true, false, true),

	/** As {@link #RELIABLE_REDIS}, on the topic with 10 % re-published duplicates. */
	RELIABLE_REDIS_DUP10("reliable-redis-dup10", true, true, true),

	/** As {@link #RELIABLE_DB}, on the topic with 10 % re-published duplicates. */
	RELIABLE_DB_DUP10("reliable-db-dup10", true, false, true),

	/**
	 * Optional (only with {@code --systems}): {@link #BASELINE_TX} on a pool whose connections are not in auto-commit
	 * mode, so that the transaction manager neither switches auto-commit off nor back on.
	 */
	BASELINE_TX_MANUAL_POOL("baseline-tx-manual-pool", false, false, false),

	/** Optional (only with {@code --systems}): {@link #RELIABLE_DB} on a pool not in auto-commit mode. */
	RELIABLE_DB_MANUAL_POOL("reliable-db-manual-pool", true, false, false);

	private final String label;

	private final boolean idempotent;

	private final boolean redis;

	private final boolean poolAutoCommit;

	IdempotencySystem(String label, boolean idempotent, boolean redis, boolean poolAutoCommit) {
		this.label = label;
		this.idempotent = idempotent;
		this.redis = redis;
		this.poolAutoCommit = poolAutoCommit;
	}

	boolean poolAutoCommit() {
		return this.poolAutoCommit;
	}

	boolean transactional() {
		return this == BASELINE_TX || this == BASELINE_TX_MANUAL_POOL;
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
