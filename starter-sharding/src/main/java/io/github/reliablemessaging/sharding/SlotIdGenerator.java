package io.github.reliablemessaging.sharding;

import java.time.Clock;
import java.time.Instant;

/**
 * Application-generated ids for sharded rows (never AUTO_INCREMENT: rows move between sets). A positive 63-bit
 * number: 41 bits of milliseconds since 2024-01-01T00:00:00Z (until 2093), 10 bits of slot, 6 bits of worker, 6 bits
 * of sequence. The slot is part of the id, so a row can be found from its id alone
 * ({@link #slotOf(long)}); ids of one slot grow with time. Up to 64 ids per millisecond per slot per worker; the
 * generator waits for the next millisecond beyond that, and for the clock when it steps back.
 *
 * <p>Every running instance needs its own worker id (0-63) — two instances with the same worker id can generate
 * the same id for the same slot and millisecond (the insert then fails on the primary key, it is never silently
 * merged). Applications that prefer their own ids (UUIDs, a central sequence) just do not use this class.
 *
 * <pre>{@code
 * SlotIdGenerator ids = new SlotIdGenerator(workerId);
 * long orderId = ids.next(shard.slot());
 * }</pre>
 */
public final class SlotIdGenerator {

	/** 2024-01-01T00:00:00Z in epoch milliseconds. */
	public static final long EPOCH_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

	private static final int SEQUENCE_BITS = 6;

	private static final int WORKER_BITS = 6;

	private static final int SLOT_BITS = 10;

	private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;

	private final int worker;

	private final Clock clock;

	private final long[] lastMillis = new long[Slots.MAX_SLOTS];

	private final long[] sequence = new long[Slots.MAX_SLOTS];

	/** @param worker this instance's worker id, 0-63, unique among running instances */
	public SlotIdGenerator(int worker) {
		this(worker, Clock.systemUTC());
	}

	/**
	 * @param worker this instance's worker id, 0-63
	 * @param clock the clock
	 */
	public SlotIdGenerator(int worker, Clock clock) {
		if (worker < 0 || worker >= (1 << WORKER_BITS)) {
			throw new IllegalArgumentException("worker id must be between 0 and 63, was " + worker);
		}
		this.worker = worker;
		this.clock = clock;
	}

	/**
	 * @param slot the slot of the row's shard key
	 * @return a new id, unique for this worker
	 */
	public long next(int slot) {
		if (slot < 0 || slot >= Slots.MAX_SLOTS) {
			throw new IllegalArgumentException("slot must be between 0 and " + (Slots.MAX_SLOTS - 1) + ", was " + slot);
		}
		long millis;
		long seq;
		synchronized (this) {
			millis = this.clock.millis() - EPOCH_MILLIS;
			long last = this.lastMillis[slot];
			while (millis < last || (millis == last && this.sequence[slot] >= MAX_SEQUENCE)) {
				Thread.onSpinWait();
				millis = this.clock.millis() - EPOCH_MILLIS;
				if (last - millis > 5_000) {
					throw new IllegalStateException("The clock stepped back by " + (last - millis) + " ms; refusing to"
							+ " generate ids that could repeat");
				}
			}
			seq = (millis == last) ? this.sequence[slot] + 1 : 0;
			this.lastMillis[slot] = millis;
			this.sequence[slot] = seq;
		}
		return (millis << (SLOT_BITS + WORKER_BITS + SEQUENCE_BITS)) | ((long) slot << (WORKER_BITS + SEQUENCE_BITS))
				| ((long) this.worker << SEQUENCE_BITS) | seq;
	}

	/**
	 * @param id an id made by this class
	 * @return the slot it was made for
	 */
	public static int slotOf(long id) {
		return (int) ((id >>> (WORKER_BITS + SEQUENCE_BITS)) & ((1L << SLOT_BITS) - 1));
	}

	/**
	 * @param id an id made by this class
	 * @return when it was made (millisecond precision)
	 */
	public static Instant timeOf(long id) {
		return Instant.ofEpochMilli((id >>> (SLOT_BITS + WORKER_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS);
	}

}
