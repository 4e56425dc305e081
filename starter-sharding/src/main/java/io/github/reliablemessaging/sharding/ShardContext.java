package io.github.reliablemessaging.sharding;

import java.util.Optional;

import io.github.reliablemessaging.sharding.internal.OpenTransactions;

/**
 * The shard key bound to the current thread: the routing {@code DataSource} hands out connections of the set that
 * owns its slot. Bound with {@link ShardedStore#bind(Object)} (try-with-resources) or by
 * {@link Sharded @Sharded}; bindings nest and must be closed in reverse order on the thread that opened them.
 *
 * <pre>{@code
 * try (ShardContext shard = store.bind(userId)) {
 *     jdbcTemplate.update("INSERT INTO orders (id, slot, user_id, amount) VALUES (?, ?, ?, ?)",
 *             ids.next(shard.slot()), shard.slot(), userId, amount);
 * }
 * }</pre>
 *
 * <p>A transaction belongs to one slot: binding a key of another slot while this thread has a routed transaction
 * open is refused, because the open transaction would otherwise write rows its fence did not check.
 */
public final class ShardContext implements AutoCloseable {

	private static final ThreadLocal<ShardContext> CURRENT = new ThreadLocal<>();

	private final Object key;

	private final int slot;

	private final ShardContext previous;

	private final Thread owner;

	private boolean closed;

	private ShardContext(Object key, int slot, ShardContext previous) {
		this.key = key;
		this.slot = slot;
		this.previous = previous;
		this.owner = Thread.currentThread();
	}

	static ShardContext open(Object key, int slot) {
		OpenTransactions.checkBindable(slot);
		ShardContext context = new ShardContext(key, slot, CURRENT.get());
		CURRENT.set(context);
		return context;
	}

	/** @return the innermost binding of this thread, if any */
	public static Optional<ShardContext> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** @return the slot bound to this thread, or -1 when none is */
	public static int currentSlot() {
		ShardContext context = CURRENT.get();
		return (context != null) ? context.slot : -1;
	}

	/** @return the shard key, or null when the binding was made for a slot ({@link ShardedStore#bindSlot(int)}) */
	public Object key() {
		return this.key;
	}

	/** @return the slot of the key, the value to store in the row's slot column */
	public int slot() {
		return this.slot;
	}

	/** Restores the enclosing binding. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		if (Thread.currentThread() != this.owner || CURRENT.get() != this) {
			throw new IllegalStateException("ShardContext for slot " + this.slot
					+ " closed out of order or on another thread; close bindings in reverse order (try-with-resources)");
		}
		this.closed = true;
		if (this.previous != null) {
			CURRENT.set(this.previous);
		}
		else {
			CURRENT.remove();
		}
	}

	@Override
	public String toString() {
		return "ShardContext[key=" + this.key + ", slot=" + this.slot + "]";
	}

}
