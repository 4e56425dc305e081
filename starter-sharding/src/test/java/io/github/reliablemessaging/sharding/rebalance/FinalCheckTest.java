package io.github.reliablemessaging.sharding.rebalance;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The check made while the slot is frozen is not a formality: a target row lost behind the mover's back (deleted on
 * the target while the slot is frozen) makes it fail; the move unfreezes, verifies the chunks again, repairs the
 * difference, freezes again and completes with equal copies.
 */
class FinalCheckTest {

	private static RebalanceFixture sets;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		sets = RebalanceFixture.start("rb_final");
		store = sets.store();
	}

	@AfterAll
	static void stop() {
		sets.close();
	}

	@Test
	void aDifferenceFoundWhileFrozenSendsTheMoveBackToVerificationAndIsRepaired() throws Exception {
		int slot = store.routing().slotsOf("b").get(5);
		long user = 0;
		while (store.slots().slotOf(user) != slot) {
			user++;
		}
		sets.preload(List.of(user), 2_000, new AtomicLong(), new ConcurrentHashMap<>());
		String before = sets.checksum("b", slot);
		AtomicInteger freezes = new AtomicInteger();
		Rebalancer rebalancer = Rebalancer.builder(store).listener((move, step, point) -> {
			if (step == MoveStep.FREEZE && point.equals("frozen") && freezes.incrementAndGet() == 1) {
				try (Connection c = store.setDataSource("c").getConnection(); Statement s = c.createStatement()) {
					s.executeUpdate("DELETE FROM orders WHERE slot = " + move.slot() + " ORDER BY id LIMIT 1");
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}).build();
		try {
			rebalancer.registerSet("c");
			rebalancer.start();
			RebalanceStatus r = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
			await().atMost(Duration.ofMinutes(1)).until(() -> rebalancer.rebalance(r.id()).orElseThrow().status().equals("DONE"));
			SlotMoveStatus move = rebalancer.rebalance(r.id()).orElseThrow().moves().get(0);

			assertThat(freezes.get()).as("frozen twice: the first check failed").isEqualTo(2);
			assertThat(move.checksumState()).isEqualTo("FINAL_OK");
			assertThat(move.chunksRepaired()).isPositive();
			assertThat(sets.checksum("c", slot)).isEqualTo(before);
			assertThat(sets.rowsOfSlot("b", slot)).isZero();
		}
		finally {
			rebalancer.close();
		}
	}

}
