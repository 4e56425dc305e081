package io.github.reliablemessaging.sharding.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Compact text form of a set of slots for operators: ascending slots {@code [0, 1, 2, 5, 7, 8]} become
 * {@code ["0-2", "5", "7-8"]}.
 */
public final class SlotRanges {

	private SlotRanges() {
	}

	/**
	 * @param slots slots in ascending order, no repeats
	 * @return runs of consecutive slots as {@code start-end}, single slots as themselves
	 */
	public static List<String> of(List<Integer> slots) {
		List<String> ranges = new ArrayList<>();
		int i = 0;
		while (i < slots.size()) {
			int start = slots.get(i);
			int end = start;
			while (i + 1 < slots.size() && slots.get(i + 1) == end + 1) {
				end = slots.get(++i);
			}
			ranges.add((start == end) ? Integer.toString(start) : start + "-" + end);
			i++;
		}
		return ranges;
	}

}
