package io.github.reliablemessaging.sharding.rebalance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Sets without a binlog: the plan says so and moves small slots by freeze-copy (writers of the slot wait for the
 * whole copy, none fails or is lost); a slot too large for it is refused.
 */
class FreezeCopyMoveTest {

	private static RebalanceFixture sets;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		sets = RebalanceFixture.startWithoutBinlog("rb_freezecopy");
		store = sets.store();
	}

	@AfterAll
	static void stop() {
		sets.close();
	}

	@Test
	void withoutABinlogSmallSlotsMoveByFreezeCopyAndWritersWait() throws Exception {
		int slot = store.routing().slotsOf("b").get(3);
		long user = 0;
		while (store.slots().slotOf(user) != slot) {
			user++;
		}
		long shardKey = user;
		Map<Long, Object[]> reference = new ConcurrentHashMap<>();
		AtomicLong ids = new AtomicLong();
		sets.preload(List.of(shardKey), 5_000, ids, reference);
		Rebalancer rebalancer = Rebalancer.builder(store)
			.settings(RebalanceSettings.defaults().withChunkRows(200))
			.build();
		try {
			SetCheck c = rebalancer.registerSet("c");
			assertThat(c.binlogReadable()).isFalse();
			assertThat(c.binlog()).contains("log_bin");

			RebalancePlan plan = rebalancer.plan(List.of(slot), "c");
			assertThat(plan.moves()).singleElement().satisfies((m) -> {
				assertThat(m.mode()).isEqualTo(MoveMode.FREEZE_COPY);
				assertThat(m.note()).contains("writers of slot " + slot + " wait for the whole copy");
			});
			assertThat(plan.notes()).anySatisfy((n) -> assertThat(n).contains("freeze-copy"));
			sets.preload(List.of(shardKey), 20_000, ids, reference);
			assertThatThrownBy(() -> rebalancer.plan(List.of(slot), "c")).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("more than a freeze-copy move takes");
			try (Connection conn = store.setDataSource("b").getConnection()) {
				conn.createStatement().executeUpdate("DELETE FROM orders WHERE slot = " + slot + " AND id > 5000");
				reference.keySet().removeIf((id) -> id > 5000);
			}

			AtomicBoolean writing = new AtomicBoolean(true);
			CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
				long written = 0;
				while (writing.get()) {
					long id = ids.incrementAndGet();
					try {
						store.execute(shardKey, () -> {
							try (Connection conn = store.dataSource().getConnection()) {
								conn.setAutoCommit(false);
								try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (id, slot, user_id, status,"
										+ " currency, amount, created_at) VALUES (?, ?, ?, 'NEW', 'EUR', 1, '2025-01-01 00:00:00.123')")) {
									ps.setLong(1, id);
									ps.setInt(2, slot);
									ps.setLong(3, shardKey);
									ps.executeUpdate();
								}
								conn.commit();
							}
							return null;
						});
					}
					catch (java.sql.SQLException ex) {
						throw new IllegalStateException(ex);
					}
					reference.put(id, new Object[] { id, slot, shardKey, "NEW", BigDecimal.ONE });
					written++;
				}
				return written;
			});
			rebalancer.start();
			RebalanceStatus r = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
			await().atMost(Duration.ofMinutes(1)).until(() -> rebalancer.rebalance(r.id()).orElseThrow().status().equals("DONE"));
			Thread.sleep(200);
			writing.set(false);
			long written = writer.get(1, TimeUnit.MINUTES);

			SlotMoveStatus move = rebalancer.rebalance(r.id()).orElseThrow().moves().get(0);
			assertThat(move.mode()).isEqualTo(MoveMode.FREEZE_COPY);
			assertThat(move.checksumState()).isEqualTo("FINAL_OK");
			assertThat(written).isPositive();
			assertThat(sets.rowsOfSlot("b", slot)).isZero();
			Map<Long, Object[]> found = sets.allRows();
			assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(reference.keySet());
			assertThat(found.values()).allSatisfy((row) -> assertThat(row[0]).isEqualTo("c"));
			assertThat(store.statistics().freezeWaits()).as("writers waited for the freeze").isPositive();
			System.out.printf("freeze-copy of %d rows: writers held %d ms%n", move.rowsCopied(), move.freezeMillis());
		}
		finally {
			rebalancer.close();
		}
	}

}
