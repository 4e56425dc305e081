package io.github.reliablemessaging.idempotency;

/** The answer of {@link IdempotencyStore#claim(Claim)}. */
public enum ClaimResult {

	/** The key was new and is now held by the caller: run the business work. */
	CLAIMED,

	/** The key was consumed before: skip the record. */
	DUPLICATE,

	/**
	 * Another unit of work holds the key and has not finished (non-transactional stores only; a transactional store
	 * waits for the other transaction instead): the record must be retried later.
	 */
	IN_PROGRESS

}
