package io.github.reliablemessaging.ordered.internal;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import io.github.reliablemessaging.ordered.Seeker;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;

/**
 * Spring Kafka's seek callback over a {@link Seeker}. For the function form, the function receives the offset
 * consumption would resume from (the lowest offset not completed), not the Kafka position, which for an ordered
 * container is usually far ahead: so {@code current -> current + 1} skips the record stuck in retry.
 */
public final class SpringSeekCallback implements ConsumerSeekCallback {

	private final Seeker seeker;

	private final String groupId;

	/**
	 * @param seeker the ordered consumer's seeker
	 * @param groupId the consumer group
	 */
	public SpringSeekCallback(Seeker seeker, String groupId) {
		this.seeker = seeker;
		this.groupId = groupId;
	}

	@Override
	public void seek(String topic, int partition, long offset) {
		this.seeker.seek(new TopicPartition(topic, partition), offset);
	}

	@Override
	public void seek(String topic, int partition, Function<Long, Long> offsetComputeFunction) {
		this.seeker.seek(new TopicPartition(topic, partition), (current) -> offsetComputeFunction.apply(current));
	}

	@Override
	public void seekToBeginning(String topic, int partition) {
		this.seeker.seekToBeginning(List.of(new TopicPartition(topic, partition)));
	}

	@Override
	public void seekToBeginning(Collection<TopicPartition> partitions) {
		this.seeker.seekToBeginning(partitions);
	}

	@Override
	public void seekToEnd(String topic, int partition) {
		this.seeker.seekToEnd(List.of(new TopicPartition(topic, partition)));
	}

	@Override
	public void seekToEnd(Collection<TopicPartition> partitions) {
		this.seeker.seekToEnd(partitions);
	}

	@Override
	public void seekRelative(String topic, int partition, long offset, boolean toCurrent) {
		this.seeker.seekRelative(new TopicPartition(topic, partition), offset, toCurrent);
	}

	@Override
	public void seekToTimestamp(String topic, int partition, long timestamp) {
		this.seeker.seekToTimestamp(List.of(new TopicPartition(topic, partition)), timestamp);
	}

	@Override
	public void seekToTimestamp(Collection<TopicPartition> topicPartitions, long timestamp) {
		this.seeker.seekToTimestamp(topicPartitions, timestamp);
	}

	@Override
	public String getGroupId() {
		return this.groupId;
	}

}
