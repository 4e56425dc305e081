package io.github.reliablemessaging.sharding;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a store, kept without any metrics library; the Boot layer exposes them as Micrometer meters
 * ({@code reliable.sharding.*}).
 */
public final class ShardingStatistics {

	/** How a statement reached a set. */
	public enum QueryKind {

		/** Through the routing DataSource for a bound shard key. */
		ROUTED,

		/** One set's part of a scatter-gather query. */
		SCATTER,

		/** One set's part of a broadcast write. */
		BROADCAST

	}

	private final Map<String, LongAdder> queries = new ConcurrentHashMap<>();

	private final LongAdder fencingRetries = new LongAdder();

	private final LongAdder freezeWaits = new LongAdder();

	private final LongAdder freezeWaitNanos = new LongAdder();

	private final LongAdder fanOuts = new LongAdder();

	private final LongAdder fanOutNanos = new LongAdder();

	private final LongAdder broadcastFailures = new LongAdder();

	private final LongAdder broadcastRepairs = new LongAdder();

	/** @param set a set that ran a routed statement */
	public void query(String set) {
		query(set, QueryKind.ROUTED);
	}

	/**
	 * @param set a set that ran a statement
	 * @param kind how the statement reached it
	 */
	public void query(String set, QueryKind kind) {
		this.queries.computeIfAbsent(set + "|" + kind.name(), (k) -> new LongAdder()).increment();
	}

	/**
	 * @param set a set
	 * @param kind how statements reached it
	 * @return statements run on the set so far
	 */
	public long queries(String set, QueryKind kind) {
		LongAdder adder = this.queries.get(set + "|" + kind.name());
		return (adder != null) ? adder.sum() : 0;
	}

	/** @return statements per {@code set|KIND}, sorted */
	public Map<String, Long> queries() {
		Map<String, Long> out = new TreeMap<>();
		this.queries.forEach((k, v) -> out.put(k, v.sum()));
		return out;
	}

	/** A unit of work was retried after a fencing refusal. */
	public void fencingRetry() {
		this.fencingRetries.increment();
	}

	/** @return units of work retried after a fencing refusal */
	public long fencingRetries() {
		return this.fencingRetries.sum();
	}

	/** @param nanos how long a writer waited for a frozen slot */
	public void freezeWaited(long nanos) {
		this.freezeWaits.increment();
		this.freezeWaitNanos.add(nanos);
	}

	/** @return writers that met a frozen slot */
	public long freezeWaits() {
		return this.freezeWaits.sum();
	}

	/** @return total time writers waited for frozen slots, in nanoseconds */
	public long freezeWaitNanos() {
		return this.freezeWaitNanos.sum();
	}

	/** @param nanos duration of one scatter-gather query */
	public void fanOut(long nanos) {
		this.fanOuts.increment();
		this.fanOutNanos.add(nanos);
	}

	/** @return scatter-gather queries run */
	public long fanOuts() {
		return this.fanOuts.sum();
	}

	/** @return total time of scatter-gather queries, in nanoseconds */
	public long fanOutNanos() {
		return this.fanOutNanos.sum();
	}

	/** A broadcast write did not reach a set and was queued for repair. */
	public void broadcastFailure() {
		this.broadcastFailures.increment();
	}

	/** @return broadcast writes that did not reach a set at once */
	public long broadcastFailures() {
		return this.broadcastFailures.sum();
	}

	/** A queued broadcast write was applied to its set by the repair job. */
	public void broadcastRepair() {
		this.broadcastRepairs.increment();
	}

	/** @return queued broadcast writes applied by the repair job */
	public long broadcastRepairs() {
		return this.broadcastRepairs.sum();
	}

}
