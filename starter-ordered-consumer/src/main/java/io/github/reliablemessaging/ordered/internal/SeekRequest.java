package io.github.reliablemessaging.ordered.internal;

import java.util.function.LongUnaryOperator;

import org.apache.kafka.common.TopicPartition;

/** A seek of one partition, queued for the consumer thread. */
record SeekRequest(TopicPartition partition, Kind kind, long value, boolean toCurrent, LongUnaryOperator function) {

	enum Kind {

		OFFSET, FUNCTION, RELATIVE, BEGINNING, END, TIMESTAMP

	}

	static SeekRequest offset(TopicPartition partition, long offset) {
		return new SeekRequest(partition, Kind.OFFSET, offset, false, null);
	}

	static SeekRequest function(TopicPartition partition, LongUnaryOperator function) {
		return new SeekRequest(partition, Kind.FUNCTION, 0, false, function);
	}

	static SeekRequest relative(TopicPartition partition, long delta, boolean toCurrent) {
		return new SeekRequest(partition, Kind.RELATIVE, delta, toCurrent, null);
	}

	static SeekRequest beginning(TopicPartition partition) {
		return new SeekRequest(partition, Kind.BEGINNING, 0, false, null);
	}

	static SeekRequest end(TopicPartition partition) {
		return new SeekRequest(partition, Kind.END, 0, false, null);
	}

	static SeekRequest timestamp(TopicPartition partition, long timestamp) {
		return new SeekRequest(partition, Kind.TIMESTAMP, timestamp, false, null);
	}

}
