package io.github.reliablemessaging.idempotency.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reliablemessaging.idempotency.IdempotentListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/** Warns about beans with {@link IdempotentListener} methods while idempotency is not active. */
public final class InactiveIdempotencyWarning implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(InactiveIdempotencyWarning.class);

	private final Set<Class<?>> inspected = ConcurrentHashMap.newKeySet();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		if (this.inspected.add(type)) {
			boolean[] annotated = new boolean[1];
			ReflectionUtils.doWithMethods(type, (method) -> annotated[0] = true,
					(method) -> AnnotatedElementUtils.hasAnnotation(method, IdempotentListener.class));
			if (annotated[0]) {
				log.warn("Bean '{}' has @IdempotentListener methods but idempotency is NOT active: duplicates will be "
						+ "processed again (reliable.idempotency.enabled=false, or no DataSource bean)", beanName);
			}
		}
		return bean;
	}

}
