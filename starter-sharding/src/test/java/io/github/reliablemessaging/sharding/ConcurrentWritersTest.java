package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 writer threads over all slots while slots are frozen, copied, flipped and cleaned up under them: every
 * acknowledged write is found exactly once, on the set its slot maps to, and nothing else is there.
 */
class ConcurrentWritersTest {

	private static final int WRITERS = 16;

	private static final int WRITES_PER_WRITER = 250;

	// half the writes go to these users, whose slots the mover moves: writers meet freezes and flips
	private static final int HOT_USERS = 12;

	private static final int USERS = 5_000;

	private static TestSets.Fixture fixture;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		fixture = TestSets.store("concurrent", TestSets.shared(), 3,
				(s) -> s.withTimings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(2)));
		store = fixture.store();
	}

	@AfterAll
	static void stop() {
		fixture.close();
	}

	@Test
	void noWriteIsLostOrMisplacedWhileSlotsMoveUnderSixteenWriters() throws Exception {
		SlotIdGenerator ids = new SlotIdGenerator(5);
		Map<Long, long[]> acknowledged = new ConcurrentHashMap<>(); // id -> {user, slot}
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
		CountDownLatch go = new CountDownLatch(1);
		AtomicBoolean writing = new AtomicBoolean(true);
		List<Future<Integer>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			Random random = new Random(w);
			writers.add(pool.submit(() -> {
				go.await();
				int done = 0;
				for (int i = 0; i < WRITES_PER_WRITER; i++) {
					long user = random.nextBoolean() ? random.nextInt(HOT_USERS) : random.nextInt(USERS);
					int slot = store.slots().slotOf(user);
					long id = ids.next(slot);
					store.execute(user, () -> {
						try (Connection c = store.dataSource().getConnection()) {
							c.setAutoCommit(false);
							insert(c, id, slot, user);
							c.commit();
						}
						return null;
					});
					acknowledged.put(id, new long[] { user, slot });
					done++;
				}
				return done;
			}));
		}
		// the mover: while writers run, move slots between sets one by one
		Future<Map<Integer, String>> mover = pool.submit(() -> {
			go.await();
			Map<Integer, String> moved = new HashMap<>();
			for (long hot = 0; hot < HOT_USERS && writing.get(); hot++) {
				int slot = store.slots().slotOf(hot);
				if (moved.containsKey(slot)) {
					continue;
				}
				String from = currentOwner(slot);
				String to = store.setNames().get((store.setNames().indexOf(from) + 1) % store.setNames().size());
				moveLive(slot, from, to);
				moved.put(slot, to);
			}
			return moved;
		});
		go.countDown();
		int total = 0;
		for (Future<Integer> writer : writers) {
			total += writer.get(3, TimeUnit.MINUTES);
		}
		writing.set(false);
		Map<Integer, String> moved = mover.get(1, TimeUnit.MINUTES);
		pool.shutdown();

		assertThat(total).isEqualTo(WRITERS * WRITES_PER_WRITER);
		assertThat(acknowledged).hasSize(total);
		assertThat(acknowledged.values().stream().map((v) -> v[1]).distinct().count()).as("slots written")
			.isGreaterThan(250);
		assertThat(moved).isNotEmpty();
		RoutingTable routing = store.refreshRouting();
		Map<Long, String> found = new HashMap<>();
		for (String set : store.setNames()) {
			try (Connection c = fixture.sets().get(set).getConnection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT id, slot, user_id FROM orders")) {
				while (rs.next()) {
					long id = rs.getLong(1);
					int slot = rs.getInt(2);
					assertThat(found.put(id, set)).as("order %d found twice", id).isNull();
					assertThat(routing.setOf(slot)).as("set of order %d (slot %d)", id, slot).isEqualTo(set);
					long[] expected = acknowledged.get(id);
					assertThat(expected).as("order %d was never acknowledged", id).isNotNull();
					assertThat(rs.getLong(3)).isEqualTo(expected[0]);
					assertThat(slot).isEqualTo((int) expected[1]);
				}
			}
		}
		assertThat(found.keySet()).as("every acknowledged order is stored").isEqualTo(acknowledged.keySet());
		moved.forEach((slot, to) -> assertThat(routing.setOf(slot)).as("new owner of moved slot %d", slot).isEqualTo(to));
		assertThat(store.statistics().freezeWaits()).as("writers met a freeze").isPositive();
		assertThat(store.statistics().fencingRetries()).as("writers were refused by a fence and retried").isPositive();
		System.out.printf("%d writes by %d threads, %d slots moved under them, %d fencing retries, %d freeze waits%n",
				total, WRITERS, moved.size(), store.statistics().fencingRetries(), store.statistics().freezeWaits());
	}

	private static String currentOwner(int slot) throws SQLException {
		try (Connection c = fixture.metadata().getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT set_name FROM shard_routing WHERE slot = " + slot)) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** Freeze (waits for in-flight writers), copy, flip, clean up — the steps of a slot move, without binlog. */
	private static void moveLive(int slot, String from, String to) throws SQLException, InterruptedException {
		try (Connection c = fixture.sets().get(from).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE slot_owner SET state = 'FROZEN' WHERE slot = " + slot);
		}
		Thread.sleep(20); // a copy that takes a moment: writers of the slot meet the freeze
		List<Object[]> rows = new ArrayList<>();
		try (Connection c = fixture.sets().get(from).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT id, slot, user_id, status, currency, amount, created_at FROM orders"
						+ " WHERE slot = " + slot)) {
			while (rs.next()) {
				rows.add(new Object[] { rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5),
						rs.getBigDecimal(6), rs.getString(7) });
			}
		}
		try (Connection c = fixture.sets().get(to).getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
					+ " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
				for (Object[] row : rows) {
					for (int i = 0; i < row.length; i++) {
						ps.setObject(i + 1, row[i]);
					}
					ps.addBatch();
				}
				ps.executeBatch();
			}
			c.commit();
		}
		TestSupportAccess.moveSlot(store, slot, from, to);
		try (Connection c = fixture.sets().get(from).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("DELETE FROM orders WHERE slot = " + slot);
		}
	}

	private static void insert(Connection c, long id, int slot, long user) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
				+ " created_at) VALUES (?, ?, ?, 'NEW', 'EUR', ?, '2025-01-01 00:00:00.001')")) {
			ps.setLong(1, id);
			ps.setInt(2, slot);
			ps.setLong(3, user);
			ps.setBigDecimal(4, BigDecimal.valueOf(id % 10_000, 2));
			ps.executeUpdate();
		}
	}

}
