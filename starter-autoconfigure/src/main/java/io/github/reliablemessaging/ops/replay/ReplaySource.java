package io.github.reliablemessaging.ops.replay;

import java.util.stream.Stream;

/**
 * Rebuilds messages from business data for a re-push (补推) after an incident: implement it as a bean, and
 * {@code POST /actuator/reliable/replay} with {@code "source": "<name>"} publishes what it returns through the
 * application's {@code KafkaTemplate}. Consumers must be idempotent: a re-push may repeat messages they have seen.
 * A dry run ({@code "dryRun": true}) calls {@link #messages} too and counts what it returns without publishing,
 * so {@link #messages} must only read.
 *
 * <pre>{@code
 * @Component
 * class OrderEventsReplay implements ReplaySource {
 *     public String name() { return "order-events"; }
 *     public Stream<ReplayMessage> messages(ReplayQuery query) {
 *         return orders.changedBetween(query.from(), query.to()).map(o -> new ReplayMessage("orders.events", o.number(), o.toEvent()));
 *     }
 * }
 * }</pre>
 */
public interface ReplaySource {

	/** @return the name operators use to pick this source */
	String name();

	/**
	 * @param query time range and/or ids
	 * @return the messages to publish, in the order they must be published (per key)
	 */
	Stream<ReplayMessage> messages(ReplayQuery query);

}
