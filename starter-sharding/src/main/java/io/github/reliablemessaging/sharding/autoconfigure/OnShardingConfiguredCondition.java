package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The store is configured when {@code reliable.sharding.metadata.url} or any {@code reliable.sharding.sets.*} is
 * set; half a configuration then fails the start with a message instead of being silently ignored.
 */
class OnShardingConfiguredCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (context.getEnvironment().containsProperty("reliable.sharding.metadata.url")) {
			return ConditionOutcome.match("reliable.sharding.metadata.url is set");
		}
		boolean sets = Binder.get(context.getEnvironment())
			.bind("reliable.sharding.sets", Bindable.mapOf(String.class, Object.class))
			.map(Map::isEmpty)
			.map((empty) -> !empty)
			.orElse(false);
		return sets ? ConditionOutcome.match("reliable.sharding.sets are configured")
				: ConditionOutcome.noMatch("neither reliable.sharding.metadata.url nor reliable.sharding.sets is set");
	}

}
