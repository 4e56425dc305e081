package io.github.reliablemessaging.ops.switches;

import java.time.Instant;

/**
 * One audited change of a switch.
 *
 * @param name switch name
 * @param oldValue value before, as text
 * @param newValue value after, as text
 * @param actor who made the change (user name, or {@code anonymous})
 * @param reason why, as given by the actor
 * @param at when it was made at its origin
 * @param origin instance where it was made
 * @param source {@code local} (made here), {@code propagated} (made on another instance) or {@code restored}
 * (replayed from the control topic at start-up)
 */
public record SwitchChange(String name, String oldValue, String newValue, String actor, String reason, Instant at,
		String origin, String source) {

}
