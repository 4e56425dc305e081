package io.github.reliablemessaging.sharding;

import java.time.Duration;

/**
 * The slot is frozen on its set (a move is switching it over) and the transaction could not wait in place: either
 * the freeze outlasted the configured wait, or the transaction had already done work when it met the freeze. It was
 * rolled back; the unit of work is retried once the freeze is over.
 */
public final class SlotFrozenException extends SlotFencedException {

	/**
	 * @param set the set that holds the frozen slot
	 * @param slot the slot
	 * @param waited how long the writer already waited
	 */
	public SlotFrozenException(String set, int slot, Duration waited) {
		super("Slot " + slot + " is frozen on set '" + set + "' (waited " + waited.toMillis() + " ms)", "40R02", set,
				slot);
	}

}
