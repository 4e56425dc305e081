package io.github.reliablemessaging.idempotency;

/**
 * Hook for a sharded store: binds the shard key of a record (from {@link IdempotentListener#shardKey()}) to the
 * current thread before the business transaction opens, so that a routing {@code DataSource} sends the whole
 * transaction — business rows and idempotency row — to the shard set that owns the key. The idempotency row
 * records {@link Binding#slot()}, so it can move with its slot. Spring-free SPI; the sharding starter provides
 * the implementation.
 *
 * <pre>{@code
 * try (IdempotencyShardBinder.Binding binding = binder.bind(shardKey)) {
 *     transactionTemplate.executeWithoutResult(status -> { claim(..., binding.slot()); listener body });
 * }
 * }</pre>
 */
@FunctionalInterface
public interface IdempotencyShardBinder {

	/**
	 * Binds a shard key to the current thread.
	 * @param shardKey value of the shard key expression, never {@code null}
	 * @return the binding; closing it restores what was bound before
	 */
	Binding bind(Object shardKey);

	/** A shard key bound to the current thread. */
	interface Binding extends AutoCloseable {

		/** @return the slot of the bound shard key, stored with the idempotency row; {@code null} for none */
		Integer slot();

		/** Unbinds the shard key. */
		@Override
		void close();

	}

}
