package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingStatistics;
import io.github.reliablemessaging.sharding.ShardingStatistics.QueryKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the sharded store, read from its {@link ShardingStatistics}: {@code reliable.sharding.queries} (tags
 * {@code set}, {@code kind}), {@code reliable.sharding.fanout} (scatter-gather latency),
 * {@code reliable.sharding.fencing.retries}, {@code reliable.sharding.freeze.waits},
 * {@code reliable.sharding.broadcast.failures}, {@code reliable.sharding.broadcast.repairs},
 * {@code reliable.sharding.routing.version}.
 */
public class ShardingMeterBinder implements MeterBinder {

	private final ShardedStore store;

	/** @param store the store */
	public ShardingMeterBinder(ShardedStore store) {
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ShardingStatistics stats = this.store.statistics();
		for (String set : this.store.setNames()) {
			for (QueryKind kind : QueryKind.values()) {
				FunctionCounter.builder("reliable.sharding.queries", stats, (s) -> s.queries(set, kind))
					.description("Statements run on a set")
					.tag("set", set)
					.tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
					.register(registry);
			}
		}
		FunctionTimer.builder("reliable.sharding.fanout", stats, ShardingStatistics::fanOuts,
				ShardingStatistics::fanOutNanos, TimeUnit.NANOSECONDS)
			.description("Scatter-gather queries over all sets")
			.register(registry);
		FunctionCounter.builder("reliable.sharding.fencing.retries", stats, ShardingStatistics::fencingRetries)
			.description("Units of work retried after a storage fence refused them")
			.register(registry);
		FunctionTimer.builder("reliable.sharding.freeze.waits", stats, ShardingStatistics::freezeWaits,
				ShardingStatistics::freezeWaitNanos, TimeUnit.NANOSECONDS)
			.description("Writers that waited for a frozen slot")
			.register(registry);
		FunctionCounter.builder("reliable.sharding.broadcast.failures", stats, ShardingStatistics::broadcastFailures)
			.description("Broadcast writes that did not reach a set and were journalled for repair")
			.register(registry);
		FunctionCounter.builder("reliable.sharding.broadcast.repairs", stats, ShardingStatistics::broadcastRepairs)
			.description("Journalled broadcast writes applied by the repair job")
			.register(registry);
		Gauge.builder("reliable.sharding.routing.version", this.store, (s) -> s.routing().version())
			.description("Routing version of the cached routing")
			.register(registry);
	}

}
