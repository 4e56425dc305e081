package io.github.reliablemessaging.sharding.autoconfigure;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meters ({@code reliable.sharding.*}) and the {@code reliablesharding} actuator endpoint of the sharded store. */
@AutoConfiguration(after = ShardingAutoConfiguration.class)
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
	@ConditionalOnClass(Endpoint.class)
	static class Endpoints {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		ShardingEndpoint shardingEndpoint(ShardedStore store) {
			return new ShardingEndpoint(store);
		}

	}

}
