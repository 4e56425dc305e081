package io.github.reliablemessaging.idempotency.autoconfigure;

import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.internal.CircuitBreaker;
import io.github.reliablemessaging.idempotency.internal.GuardedDoneMarkerCache;
import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.idempotency.redis.RedissonDoneMarkerCache;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchDefinition;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Redis done-marker layer of {@code @IdempotentListener}: Redisson calls with a per-call timeout behind a
 * circuit breaker, and the runtime switch {@value #SWITCH}.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class,
		afterName = "org.redisson.spring.starter.RedissonAutoConfigurationV4")
@ConditionalOnClass(RedissonClient.class)
@ConditionalOnBean({ RedissonClient.class, IdempotencyMeters.class })
@ConditionalOnBooleanProperty(name = "reliable.idempotency.redis.enabled", matchIfMissing = true)
public final class IdempotencyRedisAutoConfiguration {

	/** Name of the runtime switch that turns the Redis layer on and off. */
	public static final String SWITCH = "idempotency.redis.enabled";

	@Bean
	@ConditionalOnMissingBean(DoneMarkerCache.class)
	GuardedDoneMarkerCache idempotencyDoneMarkerCache(RedissonClient redisson, IdempotencyProperties properties,
			IdempotencyMeters meters, ObjectProvider<SwitchBoard> switches) {
		IdempotencyProperties.Redis redis = properties.getRedis();
		GuardedDoneMarkerCache cache = new GuardedDoneMarkerCache(
				new RedissonDoneMarkerCache(redisson, redis.getKeyPrefix(), redis.getTimeout()),
				new CircuitBreaker(redis.getFailureThreshold(), redis.getCoolDown(), System::nanoTime), meters);
		switches.ifAvailable((board) -> {
			board.define(SwitchDefinition.bool(SWITCH, true,
					"Redis pre-check and done-markers of @IdempotentListener (off: database only)"));
			board.onChange(SWITCH, (value) -> cache.setEnabled((Boolean) value));
		});
		return cache;
	}

}
