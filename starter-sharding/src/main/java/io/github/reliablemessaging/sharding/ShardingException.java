package io.github.reliablemessaging.sharding;

/** A failure of the sharded store outside a JDBC call: start-up validation, metadata access, a bad binding. */
public class ShardingException extends RuntimeException {

	/** @param message what went wrong, naming the set or slot */
	public ShardingException(String message) {
		super(message);
	}

	/**
	 * @param message what went wrong, naming the set or slot
	 * @param cause the underlying failure
	 */
	public ShardingException(String message, Throwable cause) {
		super(message, cause);
	}

}
