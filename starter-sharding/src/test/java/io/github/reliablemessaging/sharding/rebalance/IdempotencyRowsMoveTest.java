package io.github.reliablemessaging.sharding.rebalance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idempotency rows of starter-idempotency (its table, as that starter creates it: a composite VARBINARY primary
 * key and a nullable slot column) move with their slot, while new ones are inserted and old ones deleted through the
 * routing DataSource during the move.
 */
class IdempotencyRowsMoveTest {

	/** The shape of starter-idempotency's table (V1 of its migrations), with its default name. */
	private static final String IDEMPOTENCY_TABLE = "CREATE TABLE reliable_idempotency ("
			+ " consumer_group VARBINARY(764) NOT NULL, idem_key VARBINARY(764) NOT NULL, slot INT NULL,"
			+ " topic VARCHAR(249) NULL, partition_no INT NOT NULL, offset_no BIGINT NOT NULL, created_at BIGINT NOT NULL,"
			+ " PRIMARY KEY (consumer_group, idem_key), KEY idx_reliable_idempotency_created_at (created_at),"
			+ " KEY idx_reliable_idempotency_slot (slot)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

	private static RebalanceFixture sets;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		sets = RebalanceFixture.start("rb_idem", IDEMPOTENCY_TABLE);
		store = sets.store();
	}

	@AfterAll
	static void stop() {
		sets.close();
	}

	@Test
	void idempotencyRowsMoveWithTheirSlot() throws Exception {
		assertThat(store.shardedTables()).contains("orders", "reliable_idempotency");
		int slot = store.routing().slotsOf("a").get(7);
		long user = 0;
		while (store.slots().slotOf(user) != slot) {
			user++;
		}
		long shardKey = user;
		Set<String> expected = ConcurrentHashMap.newKeySet();
		try (Connection c = store.setDataSource("a").getConnection(); PreparedStatement ps = c.prepareStatement(
				"INSERT INTO reliable_idempotency (consumer_group, idem_key, slot, topic, partition_no, offset_no, created_at)"
						+ " VALUES (?, ?, ?, 'orders', 0, ?, ?)")) {
			for (int i = 0; i < 3_000; i++) {
				String group = "group-" + (i % 3);
				String key = "order-" + i + "-PAID-é";
				ps.setBytes(1, group.getBytes(StandardCharsets.UTF_8));
				ps.setBytes(2, key.getBytes(StandardCharsets.UTF_8));
				ps.setInt(3, slot);
				ps.setLong(4, i);
				ps.setLong(5, 1_700_000_000_000L + i);
				ps.addBatch();
				expected.add(group + "|" + key + "|" + i);
			}
			ps.executeBatch();
		}
		// rows of the same table in other slots and without a slot stay where they are
		try (Connection c = store.setDataSource("a").getConnection(); Statement s = c.createStatement()) {
			s.executeUpdate("INSERT INTO reliable_idempotency VALUES ('other', 'k1', " + store.routing().slotsOf("a").get(8)
					+ ", 't', 0, 1, 1), ('other', 'k2', NULL, 't', 0, 2, 2)");
		}

		// writes during the move: inserts and deletes of idempotency rows of the slot, fenced
		AtomicBoolean writing = new AtomicBoolean(true);
		CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
			Random random = new Random(3);
			int n = 0;
			while (writing.get()) {
				int i = 10_000 + n++;
				boolean delete = random.nextInt(4) == 0;
				String group = "group-" + (i % 3);
				String key = delete ? "order-" + random.nextInt(3_000) + "-PAID-é" : "order-" + i + "-PAID-é";
				String deletedGroup = delete ? "group-" + (Integer.parseInt(key.split("-")[1]) % 3) : group;
				try {
					write(shardKey, delete, deletedGroup, key, slot, i);
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
				if (delete) {
					String prefix = deletedGroup + "|" + key + "|";
					expected.removeIf((row) -> row.startsWith(prefix));
				}
				else {
					expected.add(group + "|" + key + "|" + i);
				}
				try {
					Thread.sleep(2);
				}
				catch (InterruptedException ex) {
					break;
				}
			}
			return n;
		});

		Rebalancer rebalancer = Rebalancer.builder(store).settings(RebalanceSettings.defaults().withChunkRows(200)).build();
		try {
			rebalancer.registerSet("c");
			rebalancer.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> writer.isDone() || expected.size() > 3_050);
			RebalanceStatus r = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
			await().atMost(Duration.ofMinutes(1)).until(() -> rebalancer.rebalance(r.id()).orElseThrow().status().equals("DONE"));
			Thread.sleep(300); // some writes after the flip
		}
		finally {
			writing.set(false);
			rebalancer.close();
		}
		int written = writer.get(1, TimeUnit.MINUTES);

		assertThat(written).isGreaterThan(50);
		assertThat(rows("a", "slot = " + slot)).as("left on the source").isEmpty();
		assertThat(rows("c", "slot = " + slot)).isEqualTo(new TreeSet<>(expected));
		assertThat(rows("a", "consumer_group = 'other'")).as("other slots and slot-less rows stay").hasSize(2);
		assertThat(rows("c", "consumer_group = 'other'")).isEmpty();
	}

	private static void write(long shardKey, boolean delete, String group, String key, int slot, int i)
			throws java.sql.SQLException {
		store.execute(shardKey, () -> {
			try (Connection c = store.dataSource().getConnection()) {
				c.setAutoCommit(false);
				try (PreparedStatement ps = c.prepareStatement(delete
						? "DELETE FROM reliable_idempotency WHERE consumer_group = ? AND idem_key = ?"
						: "INSERT INTO reliable_idempotency (consumer_group, idem_key, slot, topic, partition_no,"
								+ " offset_no, created_at) VALUES (?, ?, ?, 'orders', 0, ?, 1)")) {
					ps.setBytes(1, group.getBytes(StandardCharsets.UTF_8));
					ps.setBytes(2, key.getBytes(StandardCharsets.UTF_8));
					if (!delete) {
						ps.setInt(3, slot);
						ps.setLong(4, i);
					}
					ps.executeUpdate();
				}
				c.commit();
			}
			return null;
				});
	}

	private static Set<String> rows(String set, String where) throws Exception {
		Set<String> rows = new TreeSet<>();
		try (Connection c = store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT consumer_group, idem_key, offset_no FROM reliable_idempotency WHERE " + where)) {
			while (rs.next()) {
				rows.add(new String(rs.getBytes(1), StandardCharsets.UTF_8) + "|" + new String(rs.getBytes(2), StandardCharsets.UTF_8)
						+ "|" + rs.getLong(3));
			}
		}
		return rows;
	}

}
