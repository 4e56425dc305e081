package io.github.reliablemessaging.sharding.internal;

import java.time.Duration;
import java.util.Set;

import io.github.reliablemessaging.sharding.ShardingStatistics;

/**
 * What a fencing connection needs from its store: fence timings, the tables found on the sets and the counters.
 *
 * @param freezeWait longest time a writer waits in place for a frozen slot
 * @param freezeRetryInterval pause between two reads of a frozen ownership row
 * @param catalog sharded and broadcast tables
 * @param statistics counters
 */
public record StoreRuntime(Duration freezeWait, Duration freezeRetryInterval, TableCatalog catalog,
		ShardingStatistics statistics) {

	Set<String> shardedTables() {
		return this.catalog.sharded();
	}

	Set<String> broadcastTables() {
		return this.catalog.broadcast();
	}

}
