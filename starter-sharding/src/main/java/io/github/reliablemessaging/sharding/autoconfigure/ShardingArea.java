package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.Objects;

import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.ops.endpoint.OperationRequest;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.sharding.ShardedStore;

/**
 * {@code /actuator/reliable/sharding}: the slot map of the sharded store — routing version, slots per set (as
 * ranges), ownership states found on each set, rows per sharded table (InnoDB estimates, or exact counts).
 *
 * <pre>
 * GET sharding[?exact=true]     the slot map
 * </pre>
 */
public class ShardingArea implements OperationArea {

	private final ShardedStore store;

	/** @param store the store */
	public ShardingArea(ShardedStore store) {
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	@Override
	public String name() {
		return "sharding";
	}

	@Override
	public String description() {
		return "Sharded store: slot map (GET sharding[?exact=true])";
	}

	@Override
	public Object read(OperationRequest request) {
		if (request.path().isEmpty()) {
			request.allowOnly("exact");
			return this.store.slotMap(request.bool("exact").orElse(false));
		}
		throw OperationException.notFound("no operation at '" + request.describePath() + "'; try GET sharding");
	}

}
