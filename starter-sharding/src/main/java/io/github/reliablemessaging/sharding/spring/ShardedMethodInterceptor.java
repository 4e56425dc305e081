package io.github.reliablemessaging.sharding.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.ShardKey;
import io.github.reliablemessaging.sharding.Sharded;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.internal.OpenTransactions;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Binds the shard key of a {@link Sharded @Sharded} / {@link ShardKey @ShardKey} method and, at the outermost unit
 * of work, retries it after fencing refusals ({@link ShardedStore#execute}). Must run before (outside) the
 * transaction interceptor, which its advisor's order ensures.
 */
public final class ShardedMethodInterceptor implements MethodInterceptor {

	private final Supplier<ShardedStore> store;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

	private final Map<Method, KeySource> sources = new ConcurrentHashMap<>();

	/** @param store the store, resolved on first use (advisors are created before most beans) */
	public ShardedMethodInterceptor(Supplier<ShardedStore> store) {
		this.store = store;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: method.getDeclaringClass();
		KeySource source = this.sources.computeIfAbsent(method, (m) -> keySource(m, targetClass));
		Object key = source.key(invocation, this);
		if (key == null) {
			throw new ShardingException("The shard key of " + method.getDeclaringClass().getSimpleName() + "."
					+ method.getName() + " is null");
		}
		ShardedStore shardedStore = this.store.get();
		if (TransactionSynchronizationManager.isActualTransactionActive() || OpenTransactions.any()) {
			// inside a transaction: only the outermost unit of work can retry
			try (ShardContext ignored = shardedStore.bind(key)) {
				return invocation.proceed();
			}
		}
		return shardedStore.execute(key, invocation::proceed);
	}

	private KeySource keySource(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Sharded sharded = AnnotatedElementUtils.findMergedAnnotation(specific, Sharded.class);
		if (sharded == null) {
			sharded = AnnotatedElementUtils.findMergedAnnotation(method, Sharded.class);
		}
		if (sharded == null) {
			sharded = AnnotatedElementUtils.findMergedAnnotation(targetClass, Sharded.class);
		}
		if (sharded != null && !sharded.key().isEmpty()) {
			Expression expression = this.parser.parseExpression(sharded.key());
			return (invocation, self) -> expression.getValue(new MethodBasedEvaluationContext(invocation.getThis(),
					specific, invocation.getArguments(), self.names));
		}
		int index = shardKeyParameter(specific);
		if (index < 0) {
			index = shardKeyParameter(method);
		}
		if (index < 0) {
			throw new ShardingException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
					+ " is @Sharded but names no key: use @Sharded(key = \"#param\") or annotate a parameter with @ShardKey");
		}
		int parameter = index;
		return (invocation, self) -> invocation.getArguments()[parameter];
	}

	static int shardKeyParameter(Method method) {
		Annotation[][] annotations = method.getParameterAnnotations();
		for (int i = 0; i < annotations.length; i++) {
			for (Annotation annotation : annotations[i]) {
				if (annotation instanceof ShardKey) {
					return i;
				}
			}
		}
		return -1;
	}

	@FunctionalInterface
	private interface KeySource {

		Object key(MethodInvocation invocation, ShardedMethodInterceptor self);

	}

}
