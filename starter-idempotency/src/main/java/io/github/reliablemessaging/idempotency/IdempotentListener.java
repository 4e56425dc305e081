package io.github.reliablemessaging.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code @KafkaListener} method idempotent: a record whose key was already consumed by the consumer group
 * is skipped, and the listener body of a new key runs in a database transaction that also inserts the
 * idempotency row, so that the business change and the "consumed" mark commit or roll back together.
 *
 * <p>Order of operations for one record:
 * <ol>
 * <li>Redis pre-check of the done-marker (when the Redis layer is on and healthy): present means skip;</li>
 * <li>in the business transaction, insert the idempotency row first (unique on consumer group + key); a
 * duplicate-key error means already consumed: roll back and skip; otherwise run the listener body, whose
 * database work joins the same transaction;</li>
 * <li>after the commit, set the Redis done-marker with a TTL (best effort).</li>
 * </ol>
 * A listener body that throws rolls the idempotency row back with the business change, and the exception goes to
 * the container's error handling, so a retry runs the body again.
 *
 * <pre>{@code
 * @KafkaListener(topics = "order-events")
 * @IdempotentListener(key = "#payload.eventId")
 * void on(OrderEvent event) {
 *     orders.apply(event); // JPA / JdbcTemplate: joins the idempotency transaction
 * }
 * }</pre>
 *
 * <p>Key expressions (SpEL) can use every method parameter by name and the variables {@code #payload} (the
 * converted payload), {@code #record} (the {@code ConsumerRecord}), {@code #headers} (header values by name, as
 * UTF-8 text, e.g. {@code #headers['event-id']}), {@code #key}, {@code #topic}, {@code #partition} and
 * {@code #offset}. Choose a key that identifies the <em>event</em>, not the state it leads to: "order id + state"
 * swallows a legitimate repeat of a state (A→B→A); an event id or an order version does not.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface IdempotentListener {

	/**
	 * @return SpEL expression giving the idempotency key of a record; it must yield a non-blank value for every
	 * record, otherwise the invocation fails with an {@link IdempotencyKeyException}
	 */
	String key();

	/**
	 * @return the consumer group the key is unique in (property placeholders are resolved); by default the group
	 * of the container running the listener
	 */
	String group() default "";

	/**
	 * @return optional SpEL expression giving the shard key of the record; when set, an
	 * {@link IdempotencyShardBinder} binds it before the transaction opens, so that the business rows and the
	 * idempotency row go to the same shard set, and the row records the slot
	 */
	String shardKey() default "";

}
