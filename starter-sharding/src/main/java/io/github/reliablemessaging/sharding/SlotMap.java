package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.reliablemessaging.sharding.internal.SlotRanges;

/**
 * The slot map of a store, as the actuator shows it.
 *
 * @param routingVersion the routing version of the cached routing
 * @param slots number of slots
 * @param sets one entry per configured set
 */
public record SlotMap(long routingVersion, int slots, List<SetEntry> sets) {

	/**
	 * One set.
	 *
	 * @param name the set
	 * @param reachable whether it answered
	 * @param slotCount slots the routing gives it
	 * @param slotRanges those slots as ranges, e.g. {@code 0-127}
	 * @param ownership slots per ownership state on the set itself
	 * @param rows rows per sharded table (InnoDB's estimate unless exact counts were asked for)
	 * @param exactRows whether {@code rows} are exact counts
	 * @param error why the set could not be read, or null
	 */
	public record SetEntry(String name, boolean reachable, int slotCount, List<String> slotRanges,
			Map<SlotState, Integer> ownership, Map<String, Long> rows, boolean exactRows, String error) {
	}

	static SlotMap read(ShardedStore store, boolean exact) {
		RoutingTable routing = store.routing();
		List<SetEntry> entries = new ArrayList<>();
		for (String set : store.setNames()) {
			List<Integer> slots = routing.slotsOf(set);
			try (Connection c = store.setDataSource(set).getConnection(); Statement s = c.createStatement()) {
				Map<SlotState, Integer> ownership = new EnumMap<>(SlotState.class);
				try (ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM slot_owner GROUP BY state")) {
					while (rs.next()) {
						ownership.put(SlotState.valueOf(rs.getString(1)), rs.getInt(2));
					}
				}
				Map<String, Long> rows = new TreeMap<>();
				for (String table : store.shardedTables()) {
					String sql = exact ? "SELECT COUNT(*) FROM " + Identifiers.quote(table)
							: "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '"
									+ table + "'";
					try (ResultSet rs = s.executeQuery(sql)) {
						rows.put(table, rs.next() ? rs.getLong(1) : 0L);
					}
				}
				entries.add(new SetEntry(set, true, slots.size(), SlotRanges.of(slots), ownership, rows, exact, null));
			}
			catch (SQLException ex) {
				entries.add(new SetEntry(set, false, slots.size(), SlotRanges.of(slots), Map.of(), Map.of(), exact,
						ex.getMessage()));
			}
		}
		return new SlotMap(routing.version(), routing.slotCount(), entries);
	}


	/** @return set name -> slot count, for a quick look */
	public Map<String, Integer> slotCounts() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.sets.forEach((e) -> counts.put(e.name(), e.slotCount()));
		return counts;
	}

}
