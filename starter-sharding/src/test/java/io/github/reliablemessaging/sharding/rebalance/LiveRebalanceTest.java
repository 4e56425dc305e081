package io.github.reliablemessaging.sharding.rebalance;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardedStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new set c receives 8 slots of set a, moved online (binlog catch-up, freeze, flip, cleanup) while writers insert,
 * update and delete across all slots at ≥ 500 ops/s — one of them through a second router whose routing is stale
 * (it never polls): afterwards every set is compared row by row with the log of acknowledged writes.
 */
class LiveRebalanceTest {

	/** Rows in the 8 moving slots (the 200k by default; -Drebalance.rows=... to change). */
	private static final int MOVING_ROWS = Integer.getInteger("rebalance.rows", 200_000);

	private static final int OTHER_ROWS = 20_000;

	private static final int WRITERS = 4;

	private static final int OPS_PER_SECOND_PER_WRITER = 150;

	private static RebalanceFixture sets;

	private static ShardedStore store;

	private static ShardedStore stale;

	@BeforeAll
	static void start() {
		sets = RebalanceFixture.start("rb_live");
		store = sets.store();
		stale = sets.staleRouter("rb_live");
	}

	@AfterAll
	static void stop() {
		if (stale != null) {
			stale.close();
		}
		sets.close();
	}

	@Test
	void eightSlotsMoveToANewSetUnderLiveWritesWithNothingLostDuplicatedOrStale() throws Exception {
		// given: 8 slots of set a (users mapped to them) and other users everywhere
		List<Integer> moving = store.routing().slotsOf("a").subList(10, 18);
		Map<Integer, List<Long>> usersOfSlot = new HashMap<>();
		List<Long> others = new ArrayList<>();
		for (long user = 1; usersOfSlot.values().stream().mapToInt(List::size).sum() < 8 * 50 || others.size() < 2_000; user++) {
			int slot = store.slots().slotOf(user);
			if (moving.contains(slot)) {
				if (usersOfSlot.computeIfAbsent(slot, (s) -> new ArrayList<>()).size() < 50) {
					usersOfSlot.get(slot).add(user);
				}
			}
			else if (others.size() < 2_000) {
				others.add(user);
			}
		}
		List<Long> hot = usersOfSlot.values().stream().flatMap(List::stream).toList();
		Map<Long, Object[]> reference = new ConcurrentHashMap<>(); // id -> {id, slot, user, status, amount}; null row = deleted
		Set<Long> deleted = ConcurrentHashMap.newKeySet();
		AtomicLong ids = new AtomicLong(1_000_000);
		long loadStart = System.nanoTime();
		sets.preload(hot, MOVING_ROWS / hot.size(), ids, reference);
		sets.preload(others, OTHER_ROWS / others.size(), ids, reference);
		System.out.printf("preloaded %d rows in %d ms%n", reference.size(), (System.nanoTime() - loadStart) / 1_000_000);

		Rebalancer rebalancer = Rebalancer.builder(store).build().start();
		try {
			SetCheck c = rebalancer.registerSet("c");
			assertThat(c.binlogReadable()).as(c.binlog()).isTrue();
			assertThat(c.slots()).isEmpty();

			// writers: each owns the ids it inserts (and a share of the preloaded ones) so the reference is exact
			List<Long> preloaded = new ArrayList<>(reference.keySet());
			Collections.shuffle(preloaded, new Random(1));
			AtomicBoolean writing = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
			List<Future<long[]>> writers = new ArrayList<>();
			Map<Long, Long> hotLatencyNanos = new ConcurrentHashMap<>();
			AtomicLong opSeq = new AtomicLong();
			for (int w = 0; w < WRITERS; w++) {
				int index = w;
				ShardedStore router = (w == 0) ? stale : store; // writer 0 routes with a stale routing table
				List<Long> own = new ArrayList<>();
				for (int i = w; i < preloaded.size(); i += WRITERS) {
					own.add(preloaded.get(i));
				}
				writers.add(pool.submit(() -> write(index, router, own, hot, others, ids, reference, deleted, writing,
						hotLatencyNanos, opSeq)));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> opSeq.get() > 1_000);

			// when: the 8 slots move to c
			RebalancePlan plan = rebalancer.plan(moving, "c");
			assertThat(plan.moves()).hasSize(8).allSatisfy((m) -> assertThat(m.mode()).isEqualTo(MoveMode.BINLOG));
			long before = opSeq.get();
			long started = System.nanoTime();
			RebalanceStatus rebalance = rebalancer.start(plan, Cutover.AUTO, null);
			await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
				.until(() -> rebalancer.rebalance(rebalance.id()).orElseThrow().status().equals("DONE"));
			double seconds = (System.nanoTime() - started) / 1e9;
			long opsDuringMove = opSeq.get() - before;
			Thread.sleep(1_000); // writes after the move, on the new owner
			writing.set(false);
			long[] totals = new long[3];
			for (Future<long[]> writer : writers) {
				long[] t = writer.get(1, TimeUnit.MINUTES);
				for (int i = 0; i < 3; i++) {
					totals[i] += t[i];
				}
			}
			pool.shutdown();

			// then
			RebalanceStatus done = rebalancer.rebalance(rebalance.id()).orElseThrow();
			assertThat(done.moves()).hasSize(8).allSatisfy((m) -> {
				assertThat(m.step()).isEqualTo(MoveStep.DONE);
				assertThat(m.checksumState()).isEqualTo("FINAL_OK");
				assertThat(m.freezeMillis()).isNotNull();
			});
			assertThat(totals[1]).as("writes refused for good").isZero();
			assertThat(totals[2]).as("updates/deletes that found no row (lost or stale rows)").isZero();
			RoutingTable routing = store.refreshRouting();
			for (int slot : moving) {
				assertThat(routing.setOf(slot)).isEqualTo("c");
				assertThat(sets.rowsOfSlot("a", slot)).as("rows left on the source of slot %d", slot).isZero();
				assertThat(sets.ownerState("a", slot)).isEqualTo("MOVED");
				assertThat(sets.ownerState("c", slot)).isEqualTo("OWNED");
			}
			Map<Long, Object[]> found = sets.allRows(); // fails on a duplicate
			long lost = 0;
			long stale = 0;
			long misplaced = 0;
			for (Map.Entry<Long, Object[]> e : reference.entrySet()) {
				Object[] expected = e.getValue();
				Object[] row = found.get(e.getKey());
				if (row == null) {
					lost++;
					continue;
				}
				if (!routing.setOf((Integer) expected[1]).equals(row[0])) {
					misplaced++;
				}
				if (!expected[3].equals(row[3]) || ((BigDecimal) expected[4]).compareTo((BigDecimal) row[4]) != 0
						|| !"2025-01-01 00:00:00.123".equals(row[5])) {
					stale++;
				}
			}
			long unexpected = found.keySet().stream().filter((id) -> !reference.containsKey(id)).count();
			long resurrected = deleted.stream().filter(found::containsKey).count();
			List<Long> latencies = new ArrayList<>(hotLatencyNanos.values());
			Collections.sort(latencies);
			System.out.printf("moved 8 slots (%d rows) in %.1f s; %d writes (%d during the move, %.0f/s), %d hot-slot writes,"
					+ " hot write latency p99 %.1f ms max %.1f ms, freeze per slot %s ms; stale router fencing retries %d;"
					+ " lost %d, stale %d, misplaced %d, unexpected %d, resurrected %d%n",
					MOVING_ROWS, seconds, totals[0], opsDuringMove, opsDuringMove / seconds, latencies.size(),
					latencies.get((int) (latencies.size() * 0.99)) / 1e6, latencies.get(latencies.size() - 1) / 1e6,
					done.moves().stream().map(SlotMoveStatus::freezeMillis).toList(),
					LiveRebalanceTest.stale.statistics().fencingRetries(), lost, stale, misplaced, unexpected, resurrected);
			assertThat(opsDuringMove / seconds).as("writes per second during the move").isGreaterThanOrEqualTo(500);
			assertThat(lost).as("lost").isZero();
			assertThat(stale).as("stale").isZero();
			assertThat(misplaced).as("misplaced").isZero();
			assertThat(unexpected).as("rows nobody acknowledged").isZero();
			assertThat(resurrected).as("deleted rows back").isZero();
			assertThat(found).hasSize(reference.size());
			assertThat(LiveRebalanceTest.stale.statistics().fencingRetries()).as("the stale router was refused and retried")
				.isPositive();
		}
		finally {
			rebalancer.close();
		}
	}

	/** @return {acknowledged writes, refused writes, updates/deletes that found no row} */
	private static long[] write(int index, ShardedStore router, List<Long> own, List<Long> hot, List<Long> others,
			AtomicLong ids, Map<Long, Object[]> reference, Set<Long> deleted, AtomicBoolean writing,
			Map<Long, Long> hotLatencyNanos, AtomicLong opSeq) {
		Random random = new Random(index);
		List<Long> alive = new ArrayList<>(own);
		long acknowledged = 0;
		long refused = 0;
		long missing = 0;
		long interval = TimeUnit.SECONDS.toNanos(1) / OPS_PER_SECOND_PER_WRITER;
		long next = System.nanoTime();
		while (writing.get()) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait);
			}
			next += interval;
			int op = random.nextInt(10);
			boolean toHot = random.nextBoolean();
			long started = System.nanoTime();
			try {
				if (op < 4 || alive.isEmpty()) {
					long user = toHot ? hot.get(random.nextInt(hot.size())) : others.get(random.nextInt(others.size()));
					int slot = router.slots().slotOf(user);
					long id = ids.incrementAndGet();
					BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
					RebalanceFixture.write(router, user, RebalanceFixture.INSERT_ORDER, id, slot, user, amount);
					reference.put(id, new Object[] { id, slot, user, "NEW", amount });
					alive.add(id);
				}
				else {
					int at = pick(random, alive, reference, hot, toHot);
					long id = alive.get(at);
					Object[] row = reference.get(id);
					long user = (Long) row[2];
					boolean delete = op >= 8;
					BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
					String status = "S" + random.nextInt(1000);
					int changed = delete ? RebalanceFixture.write(router, user, "DELETE FROM orders WHERE id = ?", id)
							: RebalanceFixture.write(router, user, "UPDATE orders SET amount = ?, status = ? WHERE id = ?", amount, status, id);
					if (changed != 1) {
						missing++;
					}
					if (delete) {
						reference.remove(id);
						deleted.add(id);
						alive.set(at, alive.get(alive.size() - 1));
						alive.remove(alive.size() - 1);
					}
					else {
						reference.put(id, new Object[] { id, row[1], user, status, amount });
					}
				}
				acknowledged++;
				opSeq.incrementAndGet();
				if (toHot) {
					hotLatencyNanos.put(opSeq.get(), System.nanoTime() - started);
				}
			}
			catch (Exception ex) {
				refused++;
				System.out.println("writer " + index + ": " + ex);
			}
		}
		return new long[] { acknowledged, refused, missing };
	}

	/** An own row, of a hot user when asked (sampling a few), else any. */
	private static int pick(Random random, List<Long> alive, Map<Long, Object[]> reference, List<Long> hot, boolean toHot) {
		int at = random.nextInt(alive.size());
		if (toHot) {
			Set<Long> hotUsers = new LinkedHashSet<>(hot);
			for (int i = 0; i < 20; i++) {
				int candidate = random.nextInt(alive.size());
				if (hotUsers.contains((Long) reference.get(alive.get(candidate))[2])) {
					return candidate;
				}
			}
		}
		return at;
	}

}
