package io.github.reliablemessaging.ordered.internal;

import java.util.concurrent.atomic.LongAdder;

/** Cumulative figures of one engine; striped so that workers do not contend on them. */
final class Counters {

	final LongAdder processed = new LongAdder();

	final LongAdder invocations = new LongAdder();

	final LongAdder invocationNanos = new LongAdder();

	final LongAdder retries = new LongAdder();

	final LongAdder deadLettered = new LongAdder();

	final LongAdder resizes = new LongAdder();

}
