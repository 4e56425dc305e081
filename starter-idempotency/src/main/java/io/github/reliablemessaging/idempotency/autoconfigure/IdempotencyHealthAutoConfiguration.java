package io.github.reliablemessaging.idempotency.autoconfigure;

import io.github.reliablemessaging.idempotency.internal.GuardedDoneMarkerCache;
import io.github.reliablemessaging.idempotency.redis.RedisLayerHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** Health indicator {@code reliableIdempotency}: which mode the idempotency layers run in (see README). */
@AutoConfiguration(after = IdempotencyRedisAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(GuardedDoneMarkerCache.class)
public final class IdempotencyHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "reliableIdempotencyHealthIndicator")
	RedisLayerHealthIndicator reliableIdempotencyHealthIndicator(GuardedDoneMarkerCache cache) {
		return new RedisLayerHealthIndicator(cache);
	}

}
