package io.github.reliablemessaging.sharding;

/** State of a slot's ownership row ({@code slot_owner}) on one set. */
public enum SlotState {

	/** The set owns the slot: writes go ahead. */
	OWNED,

	/** The set owns the slot but it is being moved: writers wait (bounded), readers go ahead. */
	FROZEN,

	/** The slot has moved to another set: every transaction on it here fails with {@link SlotMovedException}. */
	MOVED;

	/**
	 * @return true when the set's rows of the slot are the current ones (OWNED or FROZEN); scatter-gather reads only
	 * those
	 */
	public boolean claims() {
		return this == OWNED || this == FROZEN;
	}

}
