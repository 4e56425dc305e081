package io.github.reliablemessaging.sample.order;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.SlotFencedException;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.SlotMovedException;

import org.springframework.stereotype.Component;

/**
 * Runs work bound to the slot an order number carries (no user id needed), retrying it as a whole when the storage
 * fence refuses it — like {@code ShardedStore.execute(key, work)} does for a key: after a routing refresh when the
 * set no longer owns the slot, after a pause while the slot is frozen by a move.
 */
@Component
public class SlotWork {

	private static final int MOVED_RETRIES = 5;

	private static final Duration FREEZE_WAIT = Duration.ofSeconds(10);

	private final ShardedStore store;

	SlotWork(ShardedStore store) {
		this.store = store;
	}

	/**
	 * @param orderNo an order number
	 * @return its slot
	 * @throws OrderNotFoundException when the number cannot be one of this store's orders
	 */
	public int slotOf(long orderNo) {
		int slot = (orderNo > 0) ? SlotIdGenerator.slotOf(orderNo) : -1;
		if (slot < 0 || slot >= this.store.slots().count()) {
			throw new OrderNotFoundException(orderNo);
		}
		return slot;
	}

	/**
	 * @param orderNo the order number whose slot to bind
	 * @param work the unit of work (opens and commits its own transaction)
	 * @param <T> result type
	 * @return the work's result
	 */
	public <T> T inSlotOf(long orderNo, Supplier<T> work) {
		int slot = slotOf(orderNo);
		int moved = 0;
		long frozenSince = 0;
		while (true) {
			try (ShardContext context = this.store.bindSlot(slot)) {
				return work.get();
			}
			catch (RuntimeException ex) {
				SlotFencedException fenced = SlotFencedException.find(ex);
				if (fenced == null) {
					throw ex;
				}
				if (fenced instanceof SlotMovedException) {
					if (++moved > MOVED_RETRIES) {
						throw ex;
					}
					this.store.refreshRouting();
					pause(10L * moved);
				}
				else {
					long now = System.nanoTime();
					frozenSince = (frozenSince == 0) ? now : frozenSince;
					if (now - frozenSince > FREEZE_WAIT.toNanos()) {
						throw ex;
					}
					pause(10);
				}
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a slot", ex);
		}
	}

}
