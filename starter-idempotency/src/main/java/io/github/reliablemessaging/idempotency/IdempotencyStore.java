package io.github.reliablemessaging.idempotency;

/**
 * Where idempotency keys are recorded; the final guarantee against duplicate effects. Spring-free SPI.
 *
 * <p>Life of a key for one record:
 * <ol>
 * <li>{@link #claim(Claim)} is called inside the business transaction, before the business work. A
 * transactional store (the JDBC default) inserts a row that commits or rolls back with the business change; when
 * another transaction holds the same key it waits for it, then answers {@link ClaimResult#DUPLICATE} (the other
 * committed) or {@link ClaimResult#CLAIMED} (the other rolled back).</li>
 * <li>After the business transaction committed, {@link #completed(Claim)}; after it failed or rolled back,
 * {@link #released(Claim)}. A transactional store has nothing to do in either (its row already committed or rolled
 * back with the transaction); a non-transactional store marks the claim done, or deletes it so that a retry can
 * claim the key again.</li>
 * </ol>
 *
 * <p>Implementations must be thread-safe, and must pass the contract test {@code IdempotencyStoreContract}
 * (published in this module's test jar), including its many-threads-same-keys scenario.
 */
public interface IdempotencyStore {

	/**
	 * Claims a key for the caller.
	 * @param claim the key and what to record with it
	 * @return whether the caller may run the business work
	 */
	ClaimResult claim(Claim claim);

	/**
	 * The business work of a {@link ClaimResult#CLAIMED} claim committed.
	 * @param claim the claim
	 */
	default void completed(Claim claim) {
	}

	/**
	 * The business work of a {@link ClaimResult#CLAIMED} claim failed or its transaction rolled back.
	 * @param claim the claim
	 */
	default void released(Claim claim) {
	}

}
