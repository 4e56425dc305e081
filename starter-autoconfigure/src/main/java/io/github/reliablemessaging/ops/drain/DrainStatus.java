package io.github.reliablemessaging.ops.drain;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Progress of a drain, from the committed offsets of the listener's group (original topic) and of the drain group
 * (drain topic), so it is the same on every instance.
 *
 * @param listenerId the listener
 * @param phase where the drain is ({@code NONE} when the listener was never drained)
 * @param topic original topic
 * @param drainTopic drain topic
 * @param multiplier k
 * @param drainPartitions partitions of the drain topic
 * @param forwarded records moved to the drain topic
 * @param drained records of the drain topic the drain containers are past (transaction markers count too: a few
 * more than records while forwarding runs)
 * @param remaining records still to go through the drain: not yet forwarded (while forwarding) + forwarded and not
 * yet drained
 * @param originalLag records of the original topic the listener's group is not past
 * @param ratePerSecond records drained per second, over the last samples
 * @param etaSeconds remaining / rate; null while the rate is 0
 * @param stopOffsets where forwarding stopped, per original partition (from {@code TAIL})
 * @param drainEndOffsets what the drain containers must pass before switch-back, per drain partition
 * @param switchBackLag automatic switch-back below this original lag; 0: only by a call
 * @param startedAt when the drain started
 * @param finishedAt when the listener went back to the original topic
 * @param actor who started it
 * @param finishRequestedBy who asked for the switch-back ({@code auto}: the lag threshold)
 * @param version state version in the control topic
 */
public record DrainStatus(String listenerId, String phase, @Nullable String topic, @Nullable String drainTopic, int multiplier,
		int drainPartitions, long forwarded, long drained, long remaining, long originalLag, double ratePerSecond,
		@Nullable Long etaSeconds, Map<Integer, Long> stopOffsets, Map<Integer, Long> drainEndOffsets, long switchBackLag,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String actor, @Nullable String finishRequestedBy,
		long version) {

	static DrainStatus none(String listenerId) {
		return new DrainStatus(listenerId, "NONE", null, null, 0, 0, 0, 0, 0, 0, 0, null, Map.of(), Map.of(), 0, null, null, null,
				null, 0);
	}

}
