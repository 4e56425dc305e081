package io.github.reliablemessaging.ordered.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The records of one partition returned by one poll, in offset order: their offsets as received (gaps left by
 * transaction markers or compaction are simply absent) and a completion flag each. Workers set flags; the consumer
 * thread moves {@link #cursor} over the completed prefix.
 */
final class Chunk {

	private static final VarHandle DONE = MethodHandles.arrayElementVarHandle(byte[].class);

	final PartitionTrack track;

	final long[] offsets;

	private final byte[] done;

	/** First record not known complete; consumer thread only. */
	int cursor;

	Chunk(PartitionTrack track, int size) {
		this.track = track;
		this.offsets = new long[size];
		this.done = new byte[size];
	}

	int size() {
		return this.offsets.length;
	}

	/** Worker side; the release store publishes the record's processing to the committing thread. */
	void complete(int index) {
		DONE.setRelease(this.done, index, (byte) 1);
	}

	boolean isComplete(int index) {
		return (byte) DONE.getAcquire(this.done, index) != 0;
	}

}
