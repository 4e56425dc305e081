package io.github.reliablemessaging.sharding.autoconfigure;

import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Meters ({@code reliable.sharding.*}) and the {@code sharding} operation area of the {@code reliable} actuator
 * endpoint ({@code /actuator/reliable/sharding}).
 */
@AutoConfiguration(after = { ShardingAutoConfiguration.class, RebalanceAutoConfiguration.class })
@ConditionalOnBean(ShardedStore.class)
public final class ShardingObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		ShardingMeterBinder shardingMeterBinder(ShardedStore store) {
			return new ShardingMeterBinder(store);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OperationArea.class)
	static class Operations {

		@Bean
		@ConditionalOnMissingBean
		ShardingArea shardingArea(ShardedStore store, ObjectProvider<Rebalancer> rebalancer) {
			return new ShardingArea(store, rebalancer::getIfAvailable);
		}

	}

}
