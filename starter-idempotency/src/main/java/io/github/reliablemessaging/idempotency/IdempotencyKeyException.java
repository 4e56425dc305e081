package io.github.reliablemessaging.idempotency;

/**
 * An {@link IdempotentListener} could not work out the consumer group, the key or the shard key of a record (the
 * expression failed, or yielded null or a blank value). The record is not processed; the exception goes to the
 * container's error handling. Retrying does not help: register it as not retryable on the error handler
 * ({@code DefaultErrorHandler.addNotRetryableExceptions}) to send such records to the recoverer at once.
 */
public class IdempotencyKeyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what failed, naming the listener and the expression
	 * @param cause the evaluation failure, may be null
	 */
	public IdempotencyKeyException(String message, Throwable cause) {
		super(message, cause);
	}

}
