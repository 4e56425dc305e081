package io.github.reliablemessaging.sharding;

/**
 * The set does not own the slot (its ownership row says MOVED, or it has none): the router's route was stale. The
 * transaction wrote nothing; the unit of work is retried on the new owner after a route refresh.
 */
public final class SlotMovedException extends SlotFencedException {

	private final String observedState;

	/**
	 * @param set the set that refused
	 * @param slot the slot
	 * @param observedState the ownership state found on the set ({@code MOVED}, or {@code none} without a row)
	 */
	public SlotMovedException(String set, int slot, String observedState) {
		super("Set '" + set + "' does not own slot " + slot + " (ownership row: " + observedState
				+ "); the route was stale and the transaction wrote nothing", "40R01", set, slot);
		this.observedState = observedState;
	}

	/** @return the ownership state found on the set, {@code none} when it has no row for the slot */
	public String observedState() {
		return this.observedState;
	}

}
