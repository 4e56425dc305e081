package io.github.reliablemessaging.sharding.rebalance;

/** How a slot's rows get to the target. */
public enum MoveMode {

	/** Copy while writes go on, catching up from the source's binlog; the freeze covers only the last catch-up. */
	BINLOG,

	/**
	 * For sources whose binlog cannot be read: freeze the slot first, then copy and check it. Writers of the slot wait
	 * for the whole copy, so only for small slots ({@code freezeCopyMaxRows}).
	 */
	FREEZE_COPY

}
