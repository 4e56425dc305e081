package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.List;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.rebalance.MoveListener;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Online rebalancing of the sharded store: the {@link Rebalancer} (its worker resumes unfinished moves at start) and
 * its meters ({@code reliable.sharding.rebalance.*}). Off with {@code reliable.sharding.rebalance.enabled=false}.
 */
@AutoConfiguration(after = ShardingAutoConfiguration.class)
@ConditionalOnBean(ShardedStore.class)
@ConditionalOnBooleanProperty(name = "reliable.sharding.rebalance.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RebalanceProperties.class)
public final class RebalanceAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Rebalancer rebalancer(ShardedStore store, RebalanceProperties properties, ObjectProvider<MoveListener> listeners) {
		List<MoveListener> all = listeners.orderedStream().toList();
		Rebalancer rebalancer = Rebalancer.builder(store)
			.settings(properties.toSettings())
			.listener((move, step, point) -> all.forEach((l) -> l.onStep(move, step, point)))
			.build();
		return properties.isWorker() ? rebalancer.start() : rebalancer;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		RebalanceMeterBinder rebalanceMeterBinder(ObjectProvider<Rebalancer> rebalancer) {
			return new RebalanceMeterBinder(rebalancer::getObject);
		}

	}

}
