package io.github.reliablemessaging.sharding.internal;

import java.util.ArrayList;
import java.util.List;

import io.github.reliablemessaging.sharding.ShardingException;

/**
 * Routed connections of this thread that are in manual-commit mode, i.e. inside a transaction. While one is open,
 * binding a key of another slot is refused: a JPA provider may flush rows of that key later through the open
 * connection, whose fence checked only its own slot.
 */
public final class OpenTransactions {

	private static final ThreadLocal<List<FencingConnection>> OPEN = ThreadLocal.withInitial(ArrayList::new);

	private OpenTransactions() {
	}

	/**
	 * @param slot the slot about to be bound
	 * @throws ShardingException when an open transaction of this thread belongs to another slot or has no key
	 */
	public static void checkBindable(int slot) {
		List<FencingConnection> open = OPEN.get();
		for (FencingConnection connection : open) {
			if (connection.slot() != slot) {
				throw new ShardingException((connection.slot() < 0)
						? "Cannot bind slot " + slot + ": this thread has a transaction open that started without a shard"
								+ " key; bind the key before the transaction starts (put @Sharded outside @Transactional)"
						: "Cannot bind slot " + slot + ": this thread has a transaction open on slot " + connection.slot()
								+ " (set '" + connection.set() + "'); a transaction belongs to one slot. Run the work for"
								+ " the other key after this transaction ends, outside it");
			}
		}
	}

	/** @return true when this thread has a routed connection inside a transaction */
	public static boolean any() {
		return !OPEN.get().isEmpty();
	}

	static List<FencingConnection> add(FencingConnection connection) {
		List<FencingConnection> open = OPEN.get();
		if (!open.contains(connection)) {
			open.add(connection);
		}
		return open;
	}

	// the list of the thread that opened the transaction, even if another thread closes the connection
	static void remove(List<FencingConnection> open, FencingConnection connection) {
		open.remove(connection);
		if (open.isEmpty() && OPEN.get() == open) {
			OPEN.remove();
		}
	}

}
