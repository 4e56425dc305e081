package io.github.reliablemessaging.testsupport.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at the {@link io.github.reliablemessaging.testsupport.SharedInfrastructure shared}
 * real servers by Spring Boot's own properties: {@code spring.kafka.bootstrap-servers},
 * {@code spring.datasource.*} and {@code spring.data.redis.*}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @RealInfrastructure(database = "orders_it")
 * class OrderListenerIT { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {

	/** @return whether to start Kafka and set {@code spring.kafka.bootstrap-servers} */
	boolean kafka() default true;

	/** @return whether to start MySQL and set {@code spring.datasource.*} */
	boolean mysql() default true;

	/** @return whether to start Redis and set {@code spring.data.redis.*} */
	boolean redis() default true;

	/** @return the schema {@code spring.datasource.url} points at; created if absent */
	String database() default "reliable_test";

}
