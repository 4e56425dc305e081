package io.github.reliablemessaging.ops.drain;

/**
 * Where a backlog drain is. The phases only move forward: {@code FORWARDING -> STOPPING -> TAIL -> DONE}.
 */
public enum DrainPhase {

	/**
	 * The listener's containers are stopped on every instance; forwarders in the listener's group move the original
	 * topic's records to the drain topic (transactionally), drain containers run the listener on the drain topic.
	 */
	FORWARDING,

	/** Switch-back asked for: the forwarders stop; the drain containers go on. */
	STOPPING,

	/**
	 * Every forwarder has left the group: the offsets where forwarding stopped (per original partition) and the end of
	 * the drain topic are recorded; the drain containers consume up to that end.
	 */
	TAIL,

	/** The drain topic was consumed up to what was forwarded: the listener consumes the original topic again. */
	DONE;

	/** @return whether the drain still holds the listener back */
	public boolean isActive() {
		return this != DONE;
	}

}
