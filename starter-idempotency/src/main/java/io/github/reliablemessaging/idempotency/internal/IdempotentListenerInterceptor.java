package io.github.reliablemessaging.idempotency.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.github.reliablemessaging.idempotency.IdempotencyKey;
import io.github.reliablemessaging.idempotency.IdempotencyKeyException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.aop.support.AopUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Intercepts {@code @IdempotentListener} methods however they are called (Spring Kafka's listener adapter calls
 * them on the proxy): works out group, key and shard key, then hands the body to the {@link IdempotentInvoker}.
 */
final class IdempotentListenerInterceptor implements MethodInterceptor {

	private final Map<Method, ListenerMethod> methods = new ConcurrentHashMap<>();

	private final UnaryOperator<String> placeholders;

	private final Supplier<IdempotentInvoker> invoker;

	private volatile IdempotentInvoker resolved;

	IdempotentListenerInterceptor(UnaryOperator<String> placeholders, Supplier<IdempotentInvoker> invoker) {
		this.placeholders = Objects.requireNonNull(placeholders, "placeholders must not be null");
		this.invoker = Objects.requireNonNull(invoker, "invoker must not be null");
	}

	/**
	 * Analyses (and caches) an annotated method; fails when the annotation cannot work on it.
	 * @param method the method of the user class
	 * @return the analysis
	 */
	ListenerMethod analyse(Method method) {
		return this.methods.computeIfAbsent(method, (m) -> ListenerMethod.of(m, this.placeholders));
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
		ListenerMethod listener = analyse(method);
		Object[] args = invocation.getArguments();
		ConsumerRecord<?, ?> record = listener.record(args);
		String group = (listener.group() != null) ? listener.group() : KafkaUtils.getConsumerGroupId();
		if (group == null || group.isBlank()) {
			throw new IdempotencyKeyException("@IdempotentListener " + listener.name() + ": no consumer group on this "
					+ "thread (not called by a Kafka listener container?); set @IdempotentListener(group = \"...\")", null);
		}
		EvaluationContext context = listener.context(args, record);
		String key = listener.key(context, record);
		Object shardKey = listener.sharded() ? listener.shardKey(context, record) : null;
		return invoker().invoke(IdempotencyKey.of(group, key), shardKey, record, invocation::proceed);
	}

	private IdempotentInvoker invoker() {
		IdempotentInvoker result = this.resolved;
		if (result == null) {
			result = this.invoker.get();
			this.resolved = result;
		}
		return result;
	}

}
