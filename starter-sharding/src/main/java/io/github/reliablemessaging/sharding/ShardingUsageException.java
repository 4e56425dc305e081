package io.github.reliablemessaging.sharding;

import java.sql.SQLNonTransientException;

/**
 * A statement or transaction the sharded store refuses because it would break its rules: a write without a shard
 * key, a second slot in one transaction, DDL or transaction control through the routing {@code DataSource}, a
 * direct write to a broadcast table. Not retryable; the message says what to do instead.
 */
public final class ShardingUsageException extends SQLNonTransientException {

	/** @param message what was refused and what to do instead */
	public ShardingUsageException(String message) {
		super(message, "0A000");
	}

}
