package io.github.reliablemessaging.ops.drain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The persisted state of one drain, as kept in the control topic (one record per listener, each change a new
 * {@link #version()}).
 *
 * @param listenerId the listener drained
 * @param group the listener's consumer group (the forwarders commit the original topic's offsets in it)
 * @param topic the original topic
 * @param drainTopic {@code <topic>.drain}
 * @param drainGroup the group of the drain containers
 * @param multiplier k
 * @param partitions partitions of the original topic
 * @param concurrency consumer threads (or workers) of each instance's drain container
 * @param switchBackLag automatic switch-back once the original topic's lag is below it; 0: only by a call
 * @param phase where the drain is
 * @param startOffsets the listener group's committed offsets of the original topic when the drain started
 * @param drainStartOffsets end offsets of the drain topic when the drain started (it may be reused)
 * @param stopOffsets original topic: where forwarding stopped (set in {@link DrainPhase#TAIL})
 * @param drainEndOffsets drain topic: its end once forwarding stopped (set in {@link DrainPhase#TAIL})
 * @param startedAt when it started
 * @param finishedAt when it reached {@link DrainPhase#DONE}
 * @param actor who started it
 * @param finishRequestedBy who asked for the switch-back ({@code auto} for the lag threshold)
 * @param version 1 for the first state, +1 per change
 */
public record DrainState(String listenerId, String group, String topic, String drainTopic, String drainGroup, int multiplier,
		int partitions, int concurrency, long switchBackLag, DrainPhase phase, Map<Integer, Long> startOffsets,
		Map<Integer, Long> drainStartOffsets, Map<Integer, Long> stopOffsets, Map<Integer, Long> drainEndOffsets,
		Instant startedAt, @Nullable Instant finishedAt, String actor, @Nullable String finishRequestedBy, long version) {

	/** Checks and copies the maps (sorted by partition). */
	public DrainState {
		Objects.requireNonNull(listenerId, "listenerId must not be null");
		Objects.requireNonNull(phase, "phase must not be null");
		startOffsets = sorted(startOffsets);
		drainStartOffsets = sorted(drainStartOffsets);
		stopOffsets = sorted(stopOffsets);
		drainEndOffsets = sorted(drainEndOffsets);
	}

	private static Map<Integer, Long> sorted(Map<Integer, Long> offsets) {
		return (offsets == null) ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
	}

	/** @return the drain topic's partition count, k x the original's */
	public int drainPartitions() {
		return this.multiplier * this.partitions;
	}

	/**
	 * @param next phase
	 * @return this state in the next phase, next version
	 */
	DrainState withPhase(DrainPhase next) {
		return new DrainState(this.listenerId, this.group, this.topic, this.drainTopic, this.drainGroup, this.multiplier,
				this.partitions, this.concurrency, this.switchBackLag, next, this.startOffsets, this.drainStartOffsets,
				this.stopOffsets, this.drainEndOffsets, this.startedAt, this.finishedAt, this.actor, this.finishRequestedBy,
				this.version + 1);
	}

	DrainState stopping(String requestedBy) {
		return new DrainState(this.listenerId, this.group, this.topic, this.drainTopic, this.drainGroup, this.multiplier,
				this.partitions, this.concurrency, this.switchBackLag, DrainPhase.STOPPING, this.startOffsets,
				this.drainStartOffsets, this.stopOffsets, this.drainEndOffsets, this.startedAt, this.finishedAt, this.actor,
				requestedBy, this.version + 1);
	}

	DrainState tail(Map<Integer, Long> stop, Map<Integer, Long> drainEnd) {
		return new DrainState(this.listenerId, this.group, this.topic, this.drainTopic, this.drainGroup, this.multiplier,
				this.partitions, this.concurrency, this.switchBackLag, DrainPhase.TAIL, this.startOffsets,
				this.drainStartOffsets, stop, drainEnd, this.startedAt, this.finishedAt, this.actor, this.finishRequestedBy,
				this.version + 1);
	}

	DrainState done(Instant at) {
		return new DrainState(this.listenerId, this.group, this.topic, this.drainTopic, this.drainGroup, this.multiplier,
				this.partitions, this.concurrency, this.switchBackLag, DrainPhase.DONE, this.startOffsets,
				this.drainStartOffsets, this.stopOffsets, this.drainEndOffsets, this.startedAt, at, this.actor,
				this.finishRequestedBy, this.version + 1);
	}

}
