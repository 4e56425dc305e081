package io.github.reliablemessaging.sharding;

import java.sql.SQLTransientException;

/**
 * A transaction was refused by the storage fence of a set: the set does not own the slot any more, or the slot is
 * frozen. Retryable: {@link ShardedStore#execute} and {@link Sharded @Sharded} retry the whole unit of work (outside
 * the transaction) after refreshing the route or waiting for the freeze.
 *
 * <p>A {@link java.sql.SQLException} because it is raised by the JDBC layer; Spring and Hibernate keep it as the
 * cause of the exception they translate it to.
 */
public abstract sealed class SlotFencedException extends SQLTransientException
		permits SlotMovedException, SlotFrozenException {

	private final String set;

	private final int slot;

	SlotFencedException(String message, String sqlState, String set, int slot) {
		super(message, sqlState);
		this.set = set;
		this.slot = slot;
	}

	/** @return the set that refused the transaction */
	public String set() {
		return this.set;
	}

	/** @return the slot */
	public int slot() {
		return this.slot;
	}

	/**
	 * Finds a fencing refusal in a cause chain (Spring and Hibernate wrap it).
	 * @param error any throwable
	 * @return the refusal, or null
	 */
	public static SlotFencedException find(Throwable error) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < 32; depth++) {
			if (current instanceof SlotFencedException fenced) {
				return fenced;
			}
			if (current instanceof java.sql.SQLException sql && sql.getNextException() instanceof SlotFencedException next) {
				return next;
			}
			current = current.getCause();
		}
		return null;
	}

}
