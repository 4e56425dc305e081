package io.github.reliablemessaging.sharding;

import java.util.List;
import java.util.Map;

/**
 * Outcome of a broadcast write.
 *
 * @param writeId the write's id in the repair journal
 * @param applied sets that have the write
 * @param pending sets that do not have it yet -> why; the write is journalled for them and the repair job applies
 * it, in order, once they answer
 */
public record BroadcastResult(String writeId, List<String> applied, Map<String, String> pending) {

	/** @return true when every set has the write */
	public boolean complete() {
		return this.pending.isEmpty();
	}

}
