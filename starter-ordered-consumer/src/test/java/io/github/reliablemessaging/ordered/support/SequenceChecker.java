package io.github.reliablemessaging.ordered.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records what a consumer processed, from any thread, and judges it against what {@link SequenceData} produced: per
 * key the sequence numbers must come in order, one key must never be in the handler twice at the same time, and
 * every record must be seen.
 *
 * <p>An order violation is a record whose sequence number is above the next expected one for its key (a gap: a
 * later record overtook an earlier one). A sequence number at or below the last one seen is a redelivery (a rewind
 * to a committed offset after a rebalance, a crash or a seek): allowed only when the scenario tolerates redelivery,
 * and then the key must continue in order from there.
 */
public final class SequenceChecker {

	private final SequenceData data;

	private final boolean redeliveryAllowed;

	private final AtomicLongArray lastSeen;

	private final AtomicIntegerArray active;

	private final AtomicIntegerArray deliveries;

	private final LongAdder handled = new LongAdder();

	private final LongAdder orderViolations = new LongAdder();

	private final LongAdder overlaps = new LongAdder();

	private final LongAdder redeliveries = new LongAdder();

	private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

	/**
	 * @param data what was produced
	 * @param redeliveryAllowed whether rewinds are allowed (rebalance, crash, seek scenarios)
	 */
	public SequenceChecker(SequenceData data, boolean redeliveryAllowed) {
		this.data = data;
		this.redeliveryAllowed = redeliveryAllowed;
		this.lastSeen = new AtomicLongArray(data.keys());
		for (int i = 0; i < data.keys(); i++) {
			this.lastSeen.set(i, -1);
		}
		this.active = new AtomicIntegerArray(data.keys());
		this.deliveries = new AtomicIntegerArray(data.records());
	}

	/**
	 * Call at the start of the handler; call {@link Handling#close()} at its end.
	 * @param key record key
	 * @param value record value
	 * @return the open handling
	 */
	public Handling begin(String key, String value) {
		int keyIndex = SequenceData.keyIndex(key);
		int sequence = SequenceData.sequence(value);
		if (this.active.incrementAndGet(keyIndex) > 1) {
			this.overlaps.increment();
			problem("key " + key + " is in the handler on two threads at once (seq " + sequence + ")");
		}
		long last = this.lastSeen.get(keyIndex);
		if (sequence > last + 1) {
			this.orderViolations.increment();
			problem("key " + key + ": seq " + sequence + " after " + last);
		}
		else if (sequence <= last) {
			this.redeliveries.increment();
			if (!this.redeliveryAllowed) {
				this.orderViolations.increment();
				problem("key " + key + ": seq " + sequence + " again after " + last + " (no redelivery expected)");
			}
		}
		this.lastSeen.set(keyIndex, sequence);
		this.deliveries.incrementAndGet(this.data.index(keyIndex, sequence));
		this.handled.increment();
		return () -> this.active.decrementAndGet(keyIndex);
	}

	/**
	 * Checks a record without work in between.
	 * @param key record key
	 * @param value record value
	 */
	public void check(String key, String value) {
		begin(key, value).close();
	}

	private void problem(String text) {
		if (this.problems.size() < 20) {
			this.problems.add(text);
		}
	}

	/** @return handler calls */
	public long handled() {
		return this.handled.sum();
	}

	/** @return distinct records seen */
	public long distinct() {
		long count = 0;
		for (int i = 0; i < this.deliveries.length(); i++) {
			count += (this.deliveries.get(i) > 0) ? 1 : 0;
		}
		return count;
	}

	/** @return records never seen */
	public long missing() {
		return this.data.records() - distinct();
	}

	/** @return order violations */
	public long orderViolations() {
		return this.orderViolations.sum();
	}

	/** @return times a key was in the handler on two threads at once */
	public long overlaps() {
		return this.overlaps.sum();
	}

	/** @return redelivered records */
	public long redeliveries() {
		return this.redeliveries.sum();
	}

	/** @return the first problems found, for assertion messages */
	public List<String> problems() {
		synchronized (this.problems) {
			return List.copyOf(this.problems);
		}
	}

	/** @return a one-line summary */
	public String summary() {
		return "handled=" + handled() + " distinct=" + distinct() + " missing=" + missing() + " violations="
				+ orderViolations() + " overlaps=" + overlaps() + " redeliveries=" + redeliveries() + " problems=" + problems();
	}

	/** An open handler invocation. */
	@FunctionalInterface
	public interface Handling extends AutoCloseable {

		@Override
		void close();

	}

}
