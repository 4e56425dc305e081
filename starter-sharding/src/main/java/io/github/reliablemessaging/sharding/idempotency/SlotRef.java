package io.github.reliablemessaging.sharding.idempotency;

/**
 * A shard key expression's value that names the slot itself, for records that carry a slot rather than the shard
 * key (an order number made by {@link io.github.reliablemessaging.sharding.SlotIdGenerator} routes by its own bits):
 *
 * <pre>{@code
 * @IdempotentListener(key = "#event.orderNo() + ':' + #event.status()",
 *         shardKey = "T(io.github.reliablemessaging.sharding.idempotency.SlotRef).ofId(#event.orderNo())")
 * }</pre>
 *
 * @param slot the slot
 */
public record SlotRef(int slot) {

	/**
	 * @param slot the slot
	 * @return a reference to it
	 */
	public static SlotRef of(int slot) {
		return new SlotRef(slot);
	}

	/**
	 * @param id an id made by {@link io.github.reliablemessaging.sharding.SlotIdGenerator}
	 * @return a reference to the slot the id carries
	 */
	public static SlotRef ofId(long id) {
		return new SlotRef(io.github.reliablemessaging.sharding.SlotIdGenerator.slotOf(id));
	}

}
