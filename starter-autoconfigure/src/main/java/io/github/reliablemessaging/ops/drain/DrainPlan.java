package io.github.reliablemessaging.ops.drain;

import java.util.Map;

/**
 * What a drain of a listener would do (the dry run), or does.
 *
 * @param listenerId the listener
 * @param topic its topic
 * @param partitions partitions of the topic
 * @param group the listener's group
 * @param lag records of the topic not yet consumed by the group, per partition
 * @param totalLag their sum
 * @param drainTopic {@code <topic>.drain}
 * @param drainPartitions k x partitions
 * @param drainTopicExists whether it exists already (with that partition count: it is reused)
 * @param replicationFactor replication of the drain topic (the original's)
 * @param configs topic configs copied from the original (those set on it, not the broker defaults)
 * @param drainGroup group of the drain containers
 * @param multiplier k
 * @param concurrency consumer threads (workers for the ordered container) of each instance's drain container
 * @param containerFactory bean name of the container factory the drain containers come from
 * @param switchBackLag automatic switch-back below this lag of the original topic; 0: only by a call
 * @param effect what happens, in words
 */
public record DrainPlan(String listenerId, String topic, int partitions, String group, Map<Integer, Long> lag, long totalLag,
		String drainTopic, int drainPartitions, boolean drainTopicExists, int replicationFactor, Map<String, String> configs,
		String drainGroup, int multiplier, int concurrency, String containerFactory, long switchBackLag, String effect) {

}
