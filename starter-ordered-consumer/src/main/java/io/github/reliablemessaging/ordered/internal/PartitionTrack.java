package io.github.reliablemessaging.ordered.internal;

import java.util.ArrayDeque;

import org.apache.kafka.common.TopicPartition;

/**
 * Offset tracking of one assigned partition for one generation (a seek or a reassignment starts a new one): the
 * chunks received and not yet passed by the commit cursor. The committable offset is the first received offset
 * that is not complete, so gaps in the offsets never block a commit, and nothing is committed ahead of work that
 * is not complete. Consumer thread only, except {@link #cancelled}.
 */
final class PartitionTrack {

	final TopicPartition partition;

	/** Set when the generation ends (revoke, loss, seek, shutdown): its queued records are dropped, not processed. */
	volatile boolean cancelled;

	private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

	/** Records received and not passed by the cursor. */
	int tracked;

	/** Offset last sent in a commit, -1 if none. */
	long commitSent = -1;

	/** Offset last acknowledged by the broker, -1 if none. */
	long committed = -1;

	boolean backpressured;

	PartitionTrack(TopicPartition partition) {
		this.partition = partition;
	}

	/** @return the next generation of this partition, keeping what was committed */
	PartitionTrack successor() {
		PartitionTrack next = new PartitionTrack(this.partition);
		next.commitSent = this.commitSent;
		next.committed = this.committed;
		return next;
	}

	Chunk open(int size) {
		Chunk chunk = new Chunk(this, size);
		this.chunks.addLast(chunk);
		this.tracked += size;
		return chunk;
	}

	/** Moves the cursor over records completed since the last call. */
	void advance() {
		Chunk chunk;
		while ((chunk = this.chunks.peekFirst()) != null) {
			int start = chunk.cursor;
			int cursor = start;
			int size = chunk.size();
			while (cursor < size && chunk.isComplete(cursor)) {
				cursor++;
			}
			chunk.cursor = cursor;
			this.tracked -= cursor - start;
			if (cursor < size) {
				return;
			}
			this.chunks.pollFirst();
		}
	}

	/** @return the first received offset not complete, -1 when every received record is complete */
	long firstIncomplete() {
		Chunk chunk = this.chunks.peekFirst();
		return (chunk != null) ? chunk.offsets[chunk.cursor] : -1;
	}

}
