package io.github.reliablemessaging.ops.monitoring.canary;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bookkeeping of one canary partition: which sequence numbers were sent, acknowledged, delivered; which count as
 * lost (acknowledged by Kafka, not delivered within the grace period), duplicated (delivered again) or failed to
 * send; latencies of the latest deliveries; outcomes of the latest records for the recent availability.
 * Thread-safe (the producer, its callbacks and the consumer all touch it).
 */
final class CanaryPartition {

	/** How many delivered and lost sequence numbers are remembered to tell duplicates and late arrivals. */
	private static final int REMEMBERED = 10_000;

	private final int partition;

	private final Map<Long, Pending> pending = new HashMap<>();

	private final Set<Long> delivered = new LinkedHashSet<>();

	private final Set<Long> declaredLost = new LinkedHashSet<>();

	private final long[] latencies;

	private final boolean[] outcomes;

	private long nextSeq;

	private long sentCount;

	private long deliveredCount;

	private long lostCount;

	private long duplicateCount;

	private long lateCount;

	private long sendErrorCount;

	private long latencySamples;

	private long outcomeSamples;

	CanaryPartition(int partition, int latencyWindow, int availabilityWindow) {
		this.partition = partition;
		this.latencies = new long[Math.max(1, latencyWindow)];
		this.outcomes = new boolean[Math.max(1, availabilityWindow)];
	}

	int partition() {
		return this.partition;
	}

	/**
	 * @param nowMillis send time
	 * @return the sequence number of the record about to be sent
	 */
	synchronized long nextSend(long nowMillis) {
		long seq = this.nextSeq++;
		this.pending.put(seq, new Pending(nowMillis));
		this.sentCount++;
		return seq;
	}

	synchronized void acked(long seq) {
		Pending record = this.pending.get(seq);
		if (record != null) {
			record.acked = true;
		}
	}

	synchronized void sendFailed(long seq) {
		if (this.pending.remove(seq) != null) {
			this.sendErrorCount++;
			outcome(false);
		}
	}

	/**
	 * @param seq sequence number read back
	 * @param sentMillis its send time
	 * @param nowMillis now
	 * @return what it was
	 */
	synchronized Arrival received(long seq, long sentMillis, long nowMillis) {
		if (this.pending.remove(seq) != null) {
			this.deliveredCount++;
			remember(this.delivered, seq);
			long latency = Math.max(0, nowMillis - sentMillis);
			this.latencies[(int) (this.latencySamples++ % this.latencies.length)] = latency;
			outcome(true);
			return Arrival.DELIVERED;
		}
		if (this.delivered.contains(seq)) {
			this.duplicateCount++;
			return Arrival.DUPLICATE;
		}
		if (this.declaredLost.remove(seq)) {
			this.lateCount++;
			return Arrival.LATE;
		}
		return Arrival.UNKNOWN;
	}

	/**
	 * Declares lost every acknowledged record older than the grace period that has not arrived. Records not yet
	 * acknowledged wait for the producer's answer: a failed send is unavailability, not loss.
	 * @param nowMillis now
	 * @param graceMillis the grace period
	 * @return how many were declared lost
	 */
	synchronized int expire(long nowMillis, long graceMillis) {
		int expired = 0;
		for (Iterator<Map.Entry<Long, Pending>> it = this.pending.entrySet().iterator(); it.hasNext();) {
			Map.Entry<Long, Pending> entry = it.next();
			if (entry.getValue().acked && nowMillis - entry.getValue().sentMillis > graceMillis) {
				it.remove();
				remember(this.declaredLost, entry.getKey());
				this.lostCount++;
				outcome(false);
				expired++;
			}
		}
		return expired;
	}

	synchronized CanaryReport.PartitionReport report() {
		int samples = (int) Math.min(this.latencySamples, this.latencies.length);
		long[] window = Arrays.copyOf(this.latencies, samples);
		Arrays.sort(window);
		CanaryReport.Latency latency = (samples == 0) ? null
				: new CanaryReport.Latency(percentile(window, 0.50), percentile(window, 0.99), window[samples - 1], samples);
		long resolved = this.deliveredCount + this.lostCount + this.sendErrorCount;
		Double availability = (resolved == 0) ? null : (double) this.deliveredCount / resolved;
		return new CanaryReport.PartitionReport(this.partition, this.sentCount, this.deliveredCount, this.pending.size(),
				this.lostCount, this.duplicateCount, this.lateCount, this.sendErrorCount, latency, availability,
				recentAvailability());
	}

	private Double recentAvailability() {
		int samples = (int) Math.min(this.outcomeSamples, this.outcomes.length);
		if (samples == 0) {
			return null;
		}
		int good = 0;
		for (int i = 0; i < samples; i++) {
			if (this.outcomes[i]) {
				good++;
			}
		}
		return (double) good / samples;
	}

	synchronized long sent() {
		return this.sentCount;
	}

	synchronized long deliveredCount() {
		return this.deliveredCount;
	}

	synchronized long lost() {
		return this.lostCount;
	}

	synchronized long duplicates() {
		return this.duplicateCount;
	}

	synchronized long sendErrors() {
		return this.sendErrorCount;
	}

	synchronized double recentAvailabilityOrOne() {
		Double recent = recentAvailability();
		return (recent != null) ? recent : 1.0;
	}

	private void outcome(boolean good) {
		this.outcomes[(int) (this.outcomeSamples++ % this.outcomes.length)] = good;
	}

	private static long percentile(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static void remember(Set<Long> seqs, long seq) {
		seqs.add(seq);
		if (seqs.size() > REMEMBERED) {
			Iterator<Long> oldest = seqs.iterator();
			oldest.next();
			oldest.remove();
		}
	}

	/** What a record read back was. */
	enum Arrival {

		/** First arrival of a record in flight. */
		DELIVERED,
		/** Arrived before. */
		DUPLICATE,
		/** Arrived after it was declared lost. */
		LATE,
		/** Not a record this instance tracks (too old to remember). */
		UNKNOWN

	}

	private static final class Pending {

		private final long sentMillis;

		private boolean acked;

		Pending(long sentMillis) {
			this.sentMillis = sentMillis;
		}

	}

}
