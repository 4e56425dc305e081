package io.github.reliablemessaging.sharding.idempotency;

import java.util.Objects;

import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.ShardedStore;

/**
 * Sends the transaction of an {@code @IdempotentListener(shardKey = ...)} to the shard set that owns the key: the
 * idempotency starter calls {@link #bind(Object)} before it opens the transaction, so the routing
 * {@code DataSource} of the {@link ShardedStore} hands the whole transaction — business rows and idempotency row —
 * one fenced connection of the owning set, and the idempotency row stores the slot (it moves with it).
 *
 * <p>A shard key is anything {@link io.github.reliablemessaging.sharding.Slots} accepts (numbers, strings, UUIDs,
 * bytes), or a {@link SlotRef} when the record only carries a slot (for instance in an id made by
 * {@link io.github.reliablemessaging.sharding.SlotIdGenerator}).
 *
 * <p>A slot moved away between the binding and the commit fails the transaction with the store's
 * {@code SlotMovedException} (nothing is written); the store has refreshed its routing by then, so the container's
 * retry of the record binds again and lands on the new owner.
 */
public final class ShardedIdempotencyBinder implements IdempotencyShardBinder {

	private final ShardedStore store;

	/**
	 * @param store the started sharded store
	 */
	public ShardedIdempotencyBinder(ShardedStore store) {
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	@Override
	public Binding bind(Object shardKey) {
		Objects.requireNonNull(shardKey, "shardKey must not be null");
		ShardContext context = (shardKey instanceof SlotRef ref) ? this.store.bindSlot(ref.slot())
				: this.store.bind(shardKey);
		return new ContextBinding(context);
	}

	private record ContextBinding(ShardContext context) implements Binding {

		@Override
		public Integer slot() {
			return this.context.slot();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
