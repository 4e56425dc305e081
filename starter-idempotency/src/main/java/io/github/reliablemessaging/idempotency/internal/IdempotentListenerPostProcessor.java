package io.github.reliablemessaging.idempotency.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.IdempotentListener;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Proxies beans with {@link IdempotentListener} methods, and checks every such method when its bean is created
 * (an unparseable expression, a final or private method, a shard key without an {@link IdempotencyShardBinder}
 * fail the start-up with a message naming the method). Runs before Spring Kafka's listener annotation processor,
 * so the listener endpoints call the proxy.
 */
public class IdempotentListenerPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements SmartInitializingSingleton {

	private static final long serialVersionUID = 1L;

	private final transient ObjectProvider<IdempotentInvoker> invoker;

	private final transient ObjectProvider<IdempotencyShardBinder> binder;

	private final List<String> shardedListeners = new ArrayList<>();

	/** Classes already looked at; most beans have no annotated method and are skipped after the first look. */
	private final Set<Class<?>> inspected = ConcurrentHashMap.newKeySet();

	private transient IdempotentListenerInterceptor interceptor;

	/**
	 * @param invoker resolved on the first invocation, so that this post-processor pulls no beans in early
	 * @param binder checked once every singleton exists
	 */
	public IdempotentListenerPostProcessor(ObjectProvider<IdempotentInvoker> invoker,
			ObjectProvider<IdempotencyShardBinder> binder) {
		this.invoker = Objects.requireNonNull(invoker, "invoker must not be null");
		this.binder = Objects.requireNonNull(binder, "binder must not be null");
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(true);
		// before KafkaListenerAnnotationBeanPostProcessor (LOWEST_PRECEDENCE), which must register the proxy
		setOrder(Ordered.LOWEST_PRECEDENCE - 100);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		ConfigurableBeanFactory configurable = (beanFactory instanceof ConfigurableBeanFactory cbf) ? cbf : null;
		this.interceptor = new IdempotentListenerInterceptor(
				(text) -> (configurable != null) ? configurable.resolveEmbeddedValue(text) : text, this.invoker::getObject);
		this.advisor = new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, IdempotentListener.class, true),
				this.interceptor);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.inspected.add(targetClass)) {
			ReflectionUtils.doWithMethods(targetClass, (method) -> check(method, beanName),
					(method) -> AnnotatedElementUtils.hasAnnotation(method, IdempotentListener.class));
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private void check(Method method, String beanName) {
		try {
			ListenerMethod listener = this.interceptor.analyse(method);
			if (listener.sharded()) {
				synchronized (this.shardedListeners) {
					this.shardedListeners.add(listener.name());
				}
			}
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Invalid @IdempotentListener in bean '" + beanName + "': " + ex.getMessage(), ex);
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this.shardedListeners) {
			if (!this.shardedListeners.isEmpty() && this.binder.getIfAvailable() == null) {
				throw new IllegalStateException("@IdempotentListener shardKey is set on " + this.shardedListeners
						+ " but there is no IdempotencyShardBinder bean: add the sharding starter (or your own binder), "
						+ "or remove shardKey");
			}
		}
	}

}
