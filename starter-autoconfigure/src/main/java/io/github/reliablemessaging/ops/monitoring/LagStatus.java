package io.github.reliablemessaging.ops.monitoring;

/**
 * Consumer status in the manner of LinkedIn's Burrow, judged from a window of lag samples per partition.
 */
public enum LagStatus {

	/** Caught up, or catching up. */
	OK,
	/** Committing, but lag grew over the whole window: the consumer is slower than the producers. */
	WARN,
	/** Lag &gt; 0 and the committed offset did not move over the whole window while the group has members: stuck (a poison message, a hung handler). */
	STALL,
	/** Lag &gt; 0 and nobody consumes: the group has no members. */
	STOP;

	LagStatus worst(LagStatus other) {
		return (other.ordinal() > ordinal()) ? other : this;
	}

}
