package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Storage fencing on real servers: a router with a stale cached route cannot write to the set that lost the slot;
 * it is refused, refreshes and retries on the new owner. A frozen slot makes writers wait, not fail.
 */
class FencingTest {

	private static TestSets.Fixture fixture;

	private static ShardedStore store;

	private static final ExecutorService pool = Executors.newFixedThreadPool(4);

	private static long nextId = 1;

	@BeforeAll
	static void start() {
		// routing poll of one hour: the router keeps its cached route until a fencing refusal makes it look
		fixture = TestSets.store("fencing", TestSets.shared(), 2,
				(s) -> s.withTimings(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofMillis(5)));
		store = fixture.store();
	}

	@AfterAll
	static void stop() {
		pool.shutdownNow();
		fixture.close();
	}

	@Test
	void staleRouteWriteIsRefusedByTheOldSetAndRetriedOnTheNewOwner() throws Exception {
		long user = userOn("a", 0);
		int slot = store.slots().slotOf(user);
		long version = store.routing().version();
		moveSlot(slot, "a", "b");
		assertThat(store.routing().setOf(slot)).as("router still has the stale route").isEqualTo("a");
		long retries = store.statistics().fencingRetries();

		// auto-commit statement
		long first = insertOrder(user);
		// manual-commit transaction
		long second = store.execute(user, () -> {
			try (Connection c = store.dataSource().getConnection()) {
				c.setAutoCommit(false);
				long id = insert(c, user);
				c.commit();
				return id;
			}
		});

		assertThat(store.routing().version()).isEqualTo(version + 1);
		assertThat(store.routing().setOf(slot)).isEqualTo("b");
		assertThat(store.statistics().fencingRetries()).isEqualTo(retries + 1);
		assertThat(idsOnSet("b", slot)).contains(first, second);
		assertThat(idsOnSet("a", slot)).as("nothing written to the old owner").isEmpty();
	}

	@Test
	void aStaleRouterThatNeverRefreshesCannotWriteEither() throws Exception {
		long user = userOn("b", 1);
		int slot = store.slots().slotOf(user);
		moveSlot(slot, "b", "a");
		// bypass the retry: a direct unit of work on the stale route
		try (ShardContext ignored = store.bind(user); Connection c = store.dataSource().getConnection()) {
			assertThatThrownBy(() -> insert(c, user)).isInstanceOf(SlotMovedException.class)
				.hasMessageContaining("does not own slot " + slot);
			c.setAutoCommit(false);
			assertThatThrownBy(() -> insert(c, user)).isInstanceOf(SlotMovedException.class);
			c.rollback();
		}
		assertThat(idsOnSet("b", slot)).isEmpty();
	}

	@Test
	void frozenSlotMakesWritersWaitAndTheyCompleteAfterUnfreeze() throws Exception {
		long user = userOn("a", 2);
		int slot = store.slots().slotOf(user);
		setState("a", slot, SlotState.FROZEN);
		long waitsBefore = store.statistics().freezeWaits();
		AtomicReference<Thread> writer = new AtomicReference<>();
		Future<Long> write = pool.submit(() -> {
			writer.set(Thread.currentThread());
			return store.execute(user, () -> {
				try (Connection c = store.dataSource().getConnection()) {
					c.setAutoCommit(false);
					long id = insert(c, user);
					c.commit();
					return id;
				}
			});
		});
		// the writer is parked between two reads of the frozen ownership row, and has written nothing
		await().atMost(Duration.ofSeconds(10)).until(() -> writer.get() != null
				&& writer.get().getState() == Thread.State.TIMED_WAITING);
		assertThat(write).isNotDone();
		assertThat(idsOnSet("a", slot)).isEmpty();

		setState("a", slot, SlotState.OWNED);
		long id = write.get(20, TimeUnit.SECONDS);
		assertThat(idsOnSet("a", slot)).containsExactly(id);
		assertThat(store.statistics().freezeWaits()).isGreaterThan(waitsBefore);
	}

	@Test
	void writerWaitingOnAFreezeFollowsTheSlotWhenItMoves() throws Exception {
		long user = userOn("a", 3);
		int slot = store.slots().slotOf(user);
		setState("a", slot, SlotState.FROZEN);
		AtomicReference<Thread> writer = new AtomicReference<>();
		Future<Long> write = pool.submit(() -> {
			writer.set(Thread.currentThread());
			return insertOrder(user);
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> writer.get() != null
				&& writer.get().getState() == Thread.State.TIMED_WAITING);
		assertThat(write).isNotDone();
		moveSlot(slot, "a", "b");
		long id = write.get(20, TimeUnit.SECONDS);
		assertThat(idsOnSet("b", slot)).containsExactly(id);
		assertThat(idsOnSet("a", slot)).isEmpty();
	}

	@Test
	void freezingWaitsForInFlightWritersOfTheSlot() throws Exception {
		long user = userOn("b", 4);
		int slot = store.slots().slotOf(user);
		try (ShardContext ignored = store.bind(user); Connection c = store.dataSource().getConnection()) {
			c.setAutoCommit(false);
			insert(c, user); // fenced: holds the shared lock on the ownership row until commit
			CompletableFuture<Void> freeze = CompletableFuture.runAsync(() -> setState("b", slot, SlotState.FROZEN), pool);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !freeze.isDone());
			c.commit();
			freeze.get(10, TimeUnit.SECONDS);
		}
		setState("b", slot, SlotState.OWNED);
	}

	@Test
	void aFreezeThatOutlastsTheWaitFailsTheWriterBoundedAndWritesNothing() throws Exception {
		long user = userOn("b", 9);
		int slot = store.slots().slotOf(user);
		// a second router on the same databases, with a short freeze wait
		try (ShardedStore impatient = ShardedStore.builder().metadata(fixture.metadata()).set("a", fixture.sets().get("a"))
			.set("b", fixture.sets().get("b"))
			.settings(store.settings().withTimings(Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMillis(5)))
			.build()
			.start()) {
			setState("b", slot, SlotState.FROZEN);
			long start = System.nanoTime();
			assertThatThrownBy(() -> impatient.execute(user, () -> {
				try (Connection c = impatient.dataSource().getConnection()) {
					c.setAutoCommit(false);
					insert(c, user);
					c.commit();
				}
				return null;
			})).isInstanceOf(SlotFrozenException.class).hasMessageContaining("is frozen on set 'b'");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			assertThat(idsOnSet("b", slot)).isEmpty();
		}
		finally {
			setState("b", slot, SlotState.OWNED);
		}
	}

	@Test
	void scatterGatherCountsAMovedSlotOnceAndRefusesOverlappingClaims() throws Exception {
		long user = userOn("a", 10);
		int slot = store.slots().slotOf(user);
		for (int i = 0; i < 3; i++) {
			insertOrder(user);
		}
		AggregateQuery count = AggregateQuery.from("orders").where("user_id = ?", user).count("n");
		assertThat(store.scatterGather().aggregate(count).get(0).getLong("n")).isEqualTo(3);
		// copy the slot to b and flip: the copy left on a (MOVED, awaiting slow deletion) must not be counted
		copySlot(slot, "a", "b");
		moveSlot(slot, "a", "b");
		assertThat(idsOnSet("a", slot)).hasSize(3);
		assertThat(store.scatterGather().aggregate(count).get(0).getLong("n")).isEqualTo(3);
		assertThat(store.scatterGather().query(RowQuery.from("orders").where("user_id = ?", user).orderBy("id")))
			.hasSize(3);
		// both sets claiming the slot (a move stuck half-way): an error, not a doubled answer
		setState("a", slot, SlotState.OWNED);
		assertThatThrownBy(() -> store.scatterGather().aggregate(count)).isInstanceOf(ScatterGatherException.class)
			.hasMessageContaining("slot " + slot + " claimed by both 'a' and 'b'");
		setState("a", slot, SlotState.MOVED);
	}

	private static void copySlot(int slot, String from, String to) throws SQLException {
		List<List<Object>> rows = OrdersScatterGatherTest.select(fixture.sets().get(from),
				"SELECT id, slot, user_id, status, currency, amount, CAST(created_at AS CHAR) FROM orders WHERE slot = " + slot);
		try (Connection c = fixture.sets().get(to).getConnection(); PreparedStatement ps = c.prepareStatement(
				"INSERT INTO orders (id, slot, user_id, status, currency, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			for (List<Object> row : rows) {
				for (int i = 0; i < row.size(); i++) {
					ps.setObject(i + 1, row.get(i));
				}
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

	@Test
	void afterADeadlockRolledTheTransactionBackTheNextStatementIsFencedAgain() throws Exception {
		long user = userOn("a", 11);
		int slot = store.slots().slotOf(user);
		long r1 = insertOrder(user);
		long r2 = insertOrder(user);
		Connection first;
		Connection second;
		try (ShardContext ignored = store.bind(user)) {
			first = store.dataSource().getConnection();
		}
		first.setAutoCommit(false);
		update(first, user, r1);
		Future<Connection> other = pool.submit(() -> {
			try (ShardContext ignored = store.bind(user)) {
				Connection c = store.dataSource().getConnection();
				c.setAutoCommit(false);
				update(c, user, r2);
				return c;
			}
		});
		second = other.get(10, TimeUnit.SECONDS);
		Future<SQLException> crossA = pool.submit(() -> updateCatching(first, user, r2));
		Future<SQLException> crossB = pool.submit(() -> updateCatching(second, user, r1));
		SQLException a = crossA.get(30, TimeUnit.SECONDS);
		SQLException b = crossB.get(30, TimeUnit.SECONDS);
		assertThat(a == null ^ b == null).as("exactly one deadlock victim: %s / %s", a, b).isTrue();
		Connection victim = (a != null) ? first : second;
		Connection survivor = (a != null) ? second : first;
		assertThat((Throwable) ((a != null) ? a : b)).hasMessageContaining("Deadlock");
		try (ShardContext ignored = store.bind(user)) {
			survivor.commit();
			survivor.close();
		}
		setState("a", slot, SlotState.MOVED);
		try {
			// the victim goes on without rolling back: its next statement starts a new transaction, which is fenced
			Future<Throwable> next = pool.submit(() -> {
				try (ShardContext ignored = store.bind(user)) {
					insert(victim, user);
					return null;
				}
				catch (Throwable ex) {
					return ex;
				}
			});
			assertThat(next.get(10, TimeUnit.SECONDS)).isInstanceOf(SlotMovedException.class);
		}
		finally {
			setState("a", slot, SlotState.OWNED);
			pool.submit(() -> {
				try (ShardContext ignored = store.bind(user)) {
					victim.rollback();
					victim.close();
				}
				return null;
			}).get(10, TimeUnit.SECONDS);
		}
	}

	private static void update(Connection c, long user, long id) throws SQLException {
		try (ShardContext ignored = ShardContext.current().isPresent() ? null : store.bind(user);
				PreparedStatement ps = c.prepareStatement("UPDATE orders SET status = 'PAID' WHERE id = ?")) {
			ps.setLong(1, id);
			ps.executeUpdate();
		}
	}

	private static SQLException updateCatching(Connection c, long user, long id) {
		try {
			update(c, user, id);
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	@Test
	void readOnlyTransactionsReadAFrozenSlotButCannotWrite() throws Exception {
		long user = userOn("a", 5);
		int slot = store.slots().slotOf(user);
		long id = insertOrder(user);
		setState("a", slot, SlotState.FROZEN);
		try (ShardContext ignored = store.bind(user); Connection c = store.dataSource().getConnection()) {
			c.setReadOnly(true);
			c.setAutoCommit(false);
			assertThat(count(c, "SELECT COUNT(*) FROM orders WHERE id = " + id)).isEqualTo(1);
			// refused by the driver, and by the server: the transaction began READ ONLY
			assertThatThrownBy(() -> insert(c, user)).isInstanceOf(SQLException.class);
			c.rollback();
		}
		finally {
			setState("a", slot, SlotState.OWNED);
		}
		assertThat(idsOnSet("a", slot)).containsExactly(id);
	}

	@Test
	void misuseIsRefusedWithAClearMessage() throws Exception {
		DataSource routing = store.dataSource();
		long user = userOn("a", 6);
		// no key bound
		try (Connection c = routing.getConnection()) {
			assertThatThrownBy(() -> insert(c, user)).isInstanceOf(ShardingUsageException.class)
				.hasMessageContaining("No shard key is bound");
			assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM orders")).isInstanceOf(ShardingUsageException.class)
				.hasMessageContaining("'orders' is a sharded table");
			assertThat(count(c, "SELECT COUNT(*) FROM country")).isGreaterThanOrEqualTo(0); // broadcast: read from any
			c.setAutoCommit(false);
			count(c, "SELECT COUNT(*) FROM country");
			assertThatThrownBy(() -> store.bind(user)).isInstanceOf(ShardingException.class)
				.hasMessageContaining("started without a shard key");
			c.rollback();
		}
		assertThatThrownBy(() -> store.scatterGather().query(RowQuery.from("country")))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is a broadcast table");
		try (ShardContext ignored = store.bind(user); Connection c = routing.getConnection()) {
			assertThatThrownBy(() -> c.createStatement().execute("CREATE TABLE x (id INT)"))
				.isInstanceOf(ShardingUsageException.class).hasMessageContaining("'CREATE' statements are not supported");
			assertThatThrownBy(() -> c.createStatement().execute("COMMIT")).isInstanceOf(ShardingUsageException.class);
			assertThatThrownBy(() -> c.createStatement().execute("SET autocommit = 0"))
				.isInstanceOf(ShardingUsageException.class);
			assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO country (code, name) VALUES ('FR', 'x')"))
				.isInstanceOf(ShardingUsageException.class).hasMessageContaining("broadcast table");
			c.setAutoCommit(false);
			count(c, "SELECT COUNT(*) FROM orders WHERE user_id = " + user);
			long other = userOn("a", 7);
			while (store.slots().slotOf(other) == store.slots().slotOf(user)) {
				other++;
			}
			long otherUser = other;
			assertThatThrownBy(() -> store.bind(otherUser)).isInstanceOf(ShardingException.class)
				.hasMessageContaining("a transaction belongs to one slot");
			c.rollback();
		}
		try (ShardContext ignored = store.bind(user); Connection c = routing.getConnection()) {
			try (ShardContext inner = store.bind(userOn("b", 8))) {
				assertThatThrownBy(() -> insert(c, user)).isInstanceOf(ShardingUsageException.class)
					.hasMessageContaining("This connection serves slot");
			}
		}
	}

	@Test
	void everyWriteRunsInATransactionThatReadTheOwnershipRowFirst() throws Exception {
		RealMySql server = fixture.servers().get("a");
		Map<String, Integer> checked = GeneralLogAudit.run(server, () -> {
			List<Long> users = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				users.add(userOn("a", 100 + i));
			}
			for (long user : users) {
				insertOrder(user); // auto-commit
				store.execute(user, () -> { // manual commit, several statements, a batch, a rollback
					try (Connection c = store.dataSource().getConnection()) {
						c.setAutoCommit(false);
						insert(c, user);
						c.rollback();
						long id = insert(c, user);
						try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET status = 'PAID' WHERE id = ?")) {
							ps.setLong(1, id);
							ps.executeUpdate();
						}
						c.commit();
						try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
							ps.setLong(1, id);
							ps.addBatch();
							ps.executeBatch();
						}
						c.commit();
						c.setAutoCommit(true);
						return null;
					}
				});
			}
		});
		assertThat(checked.get("writes")).isGreaterThanOrEqualTo(12 * 5);
		assertThat(checked.get("violations")).isZero();
	}

	// ---------------------------------------------------------------- helpers

	/** A user id whose slot the routing currently gives to {@code set}, the n-th such user. */
	private static long userOn(String set, int n) {
		for (long user = 7_000_000L + n * 1000L;; user++) {
			int slot = store.slots().slotOf(user);
			if (store.routing().setOf(slot).equals(set) && isOwned(set, slot)) {
				return user;
			}
		}
	}

	private static boolean isOwned(String set, int slot) {
		try (Connection c = fixture.sets().get(set).getConnection()) {
			return count(c, "SELECT COUNT(*) FROM slot_owner WHERE state = 'OWNED' AND slot = " + slot) == 1
					&& count(c, "SELECT COUNT(*) FROM orders WHERE slot = " + slot) == 0;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long insertOrder(long user) throws SQLException {
		return store.execute(user, () -> {
			try (Connection c = store.dataSource().getConnection()) {
				return insert(c, user);
			}
		});
	}

	private static synchronized long newId() {
		return nextId++;
	}

	static long insert(Connection c, long user) throws SQLException {
		long id = newId();
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, slot, user_id, status, currency, amount,"
				+ " created_at) VALUES (?, ?, ?, 'NEW', 'EUR', ?, '2025-01-01 10:00:00.123')")) {
			ps.setLong(1, id);
			ps.setInt(2, store.slots().slotOf(user));
			ps.setLong(3, user);
			ps.setBigDecimal(4, new BigDecimal("12.50"));
			ps.executeUpdate();
		}
		return id;
	}

	private static long count(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static List<Long> idsOnSet(String set, int slot) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (Connection c = fixture.sets().get(set).getConnection(); Statement s = c.createStatement();
				var rs = s.executeQuery("SELECT id FROM orders WHERE slot = " + slot + " ORDER BY id")) {
			while (rs.next()) {
				ids.add(rs.getLong(1));
			}
		}
		return ids;
	}

	private static void setState(String set, int slot, SlotState state) {
		try (Connection c = fixture.sets().get(set).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE slot_owner SET state = '" + state + "' WHERE slot = " + slot);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a slot move's flip does: route to the target (version + 1), target OWNED, source MOVED. */
	static void moveSlot(int slot, String from, String to) throws SQLException {
		long version;
		try (Connection c = fixture.metadata().getConnection()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				var rs = s.executeQuery("SELECT version FROM shard_routing_version WHERE id = 1 FOR UPDATE");
				rs.next();
				version = rs.getLong(1) + 1;
				s.executeUpdate("UPDATE shard_routing SET set_name = '" + to + "', version = " + version + " WHERE slot = " + slot);
				s.executeUpdate("UPDATE shard_routing_version SET version = " + version + " WHERE id = 1");
			}
			c.commit();
		}
		try (Connection c = fixture.sets().get(to).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("INSERT INTO slot_owner (slot, state, version) VALUES (" + slot + ", 'OWNED', " + version
					+ ") ON DUPLICATE KEY UPDATE state = 'OWNED', version = " + version);
		}
		try (Connection c = fixture.sets().get(from).getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("UPDATE slot_owner SET state = 'MOVED', version = " + version + " WHERE slot = " + slot);
		}
	}

}
