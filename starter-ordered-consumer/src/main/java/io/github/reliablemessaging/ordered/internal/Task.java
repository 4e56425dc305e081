package io.github.reliablemessaging.ordered.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One dispatched record: where its completion flag lives and its key hash (queue and retry parking slot). */
final class Task<K, V> {

	final ConsumerRecord<K, V> record;

	final long keyHash;

	private final Chunk chunk;

	private final int index;

	Task(ConsumerRecord<K, V> record, Chunk chunk, int index, long keyHash) {
		this.record = record;
		this.chunk = chunk;
		this.index = index;
		this.keyHash = keyHash;
	}

	boolean isCancelled() {
		return this.chunk.track.cancelled;
	}

	void complete() {
		this.chunk.complete(this.index);
	}

	TopicPartition partition() {
		return this.chunk.track.partition;
	}

}
