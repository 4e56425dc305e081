package io.github.reliablemessaging.sharding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An immutable snapshot of the routing: which set owns each slot, at one routing version. Routers keep one and
 * replace it when the version in the metadata database changes.
 */
public final class RoutingTable {

	private final long version;

	private final String[] setOfSlot;

	private final Map<String, List<Integer>> slotsOfSet;

	/**
	 * @param version routing version
	 * @param setOfSlot set name per slot, index = slot; no nulls
	 */
	public RoutingTable(long version, String[] setOfSlot) {
		this.version = version;
		this.setOfSlot = setOfSlot.clone();
		Map<String, List<Integer>> bySet = new LinkedHashMap<>();
		for (String set : new TreeSet<>(Arrays.asList(this.setOfSlot))) {
			bySet.put(Objects.requireNonNull(set, "every slot needs a set"), new ArrayList<>());
		}
		for (int slot = 0; slot < this.setOfSlot.length; slot++) {
			bySet.get(this.setOfSlot[slot]).add(slot);
		}
		bySet.replaceAll((set, slots) -> Collections.unmodifiableList(slots));
		this.slotsOfSet = Collections.unmodifiableMap(bySet);
	}

	/** @return the routing version this snapshot was read at */
	public long version() {
		return this.version;
	}

	/** @return number of slots */
	public int slotCount() {
		return this.setOfSlot.length;
	}

	/**
	 * @param slot a slot
	 * @return the set that owns it
	 */
	public String setOf(int slot) {
		if (slot < 0 || slot >= this.setOfSlot.length) {
			throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (this.setOfSlot.length - 1));
		}
		return this.setOfSlot[slot];
	}

	/** @return sets that own at least one slot, by name */
	public List<String> sets() {
		return List.copyOf(this.slotsOfSet.keySet());
	}

	/**
	 * @param set a set name
	 * @return its slots in ascending order, empty when it owns none
	 */
	public List<Integer> slotsOf(String set) {
		return this.slotsOfSet.getOrDefault(set, List.of());
	}

	@Override
	public String toString() {
		return "RoutingTable[version=" + this.version + ", slots=" + this.setOfSlot.length + ", sets=" + sets() + "]";
	}

}
