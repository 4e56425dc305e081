package io.github.reliablemessaging.sharding.internal;

import java.util.Set;

/**
 * The application tables of the sets: a table with the slot column is sharded, any other one (apart from the
 * store's own tables) is a broadcast table. Discovered on the sets at start-up.
 *
 * @param sharded lower-case names of sharded tables
 * @param broadcast lower-case names of broadcast tables
 */
public record TableCatalog(Set<String> sharded, Set<String> broadcast) {

	/** @return an empty catalog */
	public static TableCatalog empty() {
		return new TableCatalog(Set.of(), Set.of());
	}

}
