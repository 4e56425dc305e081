package io.github.reliablemessaging.idempotency.autoconfigure;

import io.github.reliablemessaging.idempotency.internal.IdempotentListenerPostProcessor;
import io.github.reliablemessaging.idempotency.internal.InactiveIdempotencyWarning;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * When {@code @IdempotentListener} is not active (switched off, or no DataSource), says so once per annotated
 * bean at start-up, so that a listener nobody protects is never a silent surprise.
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnMissingBean(IdempotentListenerPostProcessor.class)
public final class IdempotencyInactiveAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static InactiveIdempotencyWarning inactiveIdempotencyWarning() {
		return new InactiveIdempotencyWarning();
	}

}
