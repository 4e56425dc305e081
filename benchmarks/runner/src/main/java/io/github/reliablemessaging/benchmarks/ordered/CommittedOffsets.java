package io.github.reliablemessaging.benchmarks.ordered;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Reads what a consumer group left behind: records between its committed offsets and the end of the topics. */
final class CommittedOffsets {

	private CommittedOffsets() {
	}

	/**
	 * @param admin an admin client of the cluster
	 * @param group the group
	 * @param topics topics the group consumed
	 * @return records not covered by the group's committed offsets (all of a partition without a commit)
	 * @throws Exception if the cluster does not answer
	 */
	static long uncommitted(Admin admin, String group, Collection<String> topics) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(30, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
			topic.partitions().forEach((p) -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
		}
		long uncommitted = 0;
		for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			long position = (offset != null) ? offset.offset() : 0;
			uncommitted += Math.max(0, end.getValue().offset() - position);
		}
		return uncommitted;
	}

}
