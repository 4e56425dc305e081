package io.github.reliablemessaging.idempotency;

/**
 * A non-transactional {@link IdempotencyStore} answered {@link ClaimResult#IN_PROGRESS}: another consumer holds the
 * key and has not finished. The record is not processed; the container's error handling retries it later.
 */
public class KeyInProgressException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** @param key the key another consumer holds */
	public KeyInProgressException(IdempotencyKey key) {
		super("Idempotency key " + key + " is being processed by another consumer; retry later");
	}

}
