package io.github.reliablemessaging.sharding.spring;

import java.lang.reflect.Method;

import io.github.reliablemessaging.sharding.Sharded;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Matches methods annotated {@link Sharded @Sharded} (on the method, its interface declaration or the class) or
 * having a {@link io.github.reliablemessaging.sharding.ShardKey @ShardKey} parameter.
 */
public final class ShardedMethodPointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return false;
		}
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		return AnnotatedElementUtils.hasAnnotation(specific, Sharded.class)
				|| AnnotatedElementUtils.hasAnnotation(method, Sharded.class)
				|| AnnotatedElementUtils.hasAnnotation(targetClass, Sharded.class)
				|| ShardedMethodInterceptor.shardKeyParameter(specific) >= 0
				|| ShardedMethodInterceptor.shardKeyParameter(method) >= 0;
	}

}
