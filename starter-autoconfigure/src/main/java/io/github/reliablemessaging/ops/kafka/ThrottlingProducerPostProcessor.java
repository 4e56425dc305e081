package io.github.reliablemessaging.ops.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;

import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Throttles the {@code send} calls of every producer a Spring Kafka {@code ProducerFactory} creates, through a
 * {@link SendRateLimiter}: the sending thread (the caller of {@code KafkaTemplate.send}) waits for its slot before
 * the record is handed to the producer, so senders are held back rather than records queued or dropped. Every
 * other producer method passes through unchanged.
 *
 * <pre>{@code
 * producerFactory.addPostProcessor(new ThrottlingProducerPostProcessor<>(limiter));
 * }</pre>
 *
 * The starter adds it to Spring Boot's producer factory; add it yourself to a {@code DefaultKafkaProducerFactory}
 * you declare.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class ThrottlingProducerPostProcessor<K, V> implements ProducerPostProcessor<K, V> {

	/** Name of the switch holding the limit: records per second per instance, 0 = unlimited. */
	public static final String RATE_LIMIT_SWITCH = "producer.rate-limit";

	private final SendRateLimiter limiter;

	/** @param limiter the limiter shared by every producer to throttle together */
	public ThrottlingProducerPostProcessor(SendRateLimiter limiter) {
		this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
	}

	@Override
	@SuppressWarnings("unchecked")
	public Producer<K, V> apply(Producer<K, V> producer) {
		Objects.requireNonNull(producer, "producer must not be null");
		// a dynamic proxy keeps up with methods later Kafka clients add to Producer
		return (Producer<K, V>) Proxy.newProxyInstance(Producer.class.getClassLoader(), new Class<?>[] { Producer.class },
				new Throttling(producer, this.limiter));
	}

	private record Throttling(Producer<?, ?> target, SendRateLimiter limiter) implements InvocationHandler {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if (method.getName().equals("send")) {
				try {
					this.limiter.acquire();
				}
				catch (InterruptedException ex) {
					// what KafkaProducer.send throws when interrupted
					throw new InterruptException(ex);
				}
			}
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "throttled " + this.target;
				};
			}
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
