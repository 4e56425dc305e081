package io.github.reliablemessaging.ordered.internal;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionTrackTest {

	private final PartitionTrack track = new PartitionTrack(new TopicPartition("t", 0));

	@Test
	void theCommitPointIsTheFirstReceivedRecordNotCompleteSoOffsetGapsNeverBlockIt() {
		// 7 is a transaction marker: never received
		Chunk chunk = received(5, 6, 8, 9);
		chunk.complete(0);
		chunk.complete(1);
		chunk.complete(3);
		this.track.advance();
		assertThat(this.track.firstIncomplete()).isEqualTo(8);
		assertThat(this.track.tracked).isEqualTo(2);

		chunk.complete(2);
		this.track.advance();
		assertThat(this.track.tracked).isZero();
		assertThat(this.track.firstIncomplete()).as("everything received is complete").isEqualTo(-1);
	}

	@Test
	void completionIsContiguousAcrossPolls() {
		Chunk first = received(0, 1, 2);
		Chunk second = received(3, 4);
		second.complete(0);
		second.complete(1);
		first.complete(1);
		this.track.advance();
		assertThat(this.track.firstIncomplete()).as("never ahead of offset 0, still in progress").isZero();
		assertThat(this.track.tracked).isEqualTo(5);

		first.complete(0);
		this.track.advance();
		assertThat(this.track.firstIncomplete()).isEqualTo(2);
		first.complete(2);
		this.track.advance();
		assertThat(this.track.tracked).isZero();
	}

	@Test
	void aNewGenerationKeepsWhatWasCommittedAndForgetsWhatWasReceived() {
		received(0, 1);
		this.track.commitSent = 1;
		this.track.committed = 1;
		PartitionTrack next = this.track.successor();
		assertThat(next.tracked).isZero();
		assertThat(next.committed).isEqualTo(1);
		assertThat(next.cancelled).isFalse();
	}

	private Chunk received(long... offsets) {
		Chunk chunk = this.track.open(offsets.length);
		System.arraycopy(offsets, 0, chunk.offsets, 0, offsets.length);
		return chunk;
	}

}
