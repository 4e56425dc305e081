package io.github.reliablemessaging.sharding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a service or repository method with its shard key bound, so the routing {@code DataSource} (and the
 * transaction that starts inside) goes to the set that owns the key's slot. The interceptor runs before
 * {@code @Transactional}: it binds the key, and when a fencing refusal rolled the transaction back it refreshes the
 * route or waits out the freeze and calls the method again. Nested inside an open transaction it only binds (the
 * outermost unit of work retries); a key of another slot there is refused.
 *
 * <pre>{@code
 * @Sharded(key = "#order.userId")
 * @Transactional
 * public void place(Order order) { ... }
 *
 * @Sharded
 * public List<Order> history(@ShardKey long userId) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Sharded {

	/**
	 * @return a SpEL expression over the method's parameters ({@code #name}, {@code #p0}) giving the shard key; empty
	 * = the parameter annotated {@link ShardKey}
	 */
	String key() default "";

}
