package io.github.reliablemessaging.sharding.rebalance;

import java.util.List;

/**
 * What registering a set found.
 *
 * @param name the set
 * @param reachable it answered
 * @param migrated it has the store's tables and every sharded table
 * @param binlogReadable its binlog is on, ROW format, full row images, and readable by the configured user: slots can
 * move away from it online; otherwise only by freeze-copy
 * @param binlog what was found about the binlog
 * @param slots slots it owns now
 * @param registered it is registered in the metadata database and may receive slots
 */
public record SetCheck(String name, boolean reachable, boolean migrated, boolean binlogReadable, String binlog,
		List<String> slots, boolean registered) {
}
