package io.github.reliablemessaging.sharding.autoconfigure;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.SlotMap;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/reliablesharding[?exact=true]}: the slot map — routing version, slots per set (as ranges),
 * ownership states found on each set, rows per sharded table (InnoDB estimates, or exact counts).
 */
@Endpoint(id = "reliablesharding")
public class ShardingEndpoint {

	private final ShardedStore store;

	/** @param store the store */
	public ShardingEndpoint(ShardedStore store) {
		this.store = store;
	}

	/**
	 * @param exact count rows exactly instead of using InnoDB's estimate
	 * @return the slot map
	 */
	@ReadOperation
	public SlotMap slotMap(@Nullable Boolean exact) {
		return this.store.slotMap(Boolean.TRUE.equals(exact));
	}

}
