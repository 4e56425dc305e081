package io.github.reliablemessaging.sharding.rebalance;

/**
 * Told about each step a move begins, on the mover's thread (for meters, logs, and tests that stop a process at a
 * given step). It must return quickly; an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface MoveListener {

	/** Does nothing. */
	MoveListener NONE = (move, step, point) -> {
	};

	/**
	 * @param move the move's progress
	 * @param step the step it is at (persisted)
	 * @param point where in the step: {@code begin}, {@code chunk} (after each copied chunk), {@code frozen} (right
	 * after the source was frozen)
	 */
	void onStep(SlotMoveStatus move, MoveStep step, String point);

}
