package io.github.reliablemessaging.sharding.rebalance;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A move's worker process is killed with SIGKILL at each step 1–7 in turn (one slot per step), while this process
 * keeps writing to those slots; a worker here then resumes the move from its persisted step. Every move completes,
 * its final checksum matched, and the rows of all those slots equal the log of acknowledged writes.
 */
class RebalanceCrashTest {

	static final RebalanceSettings SETTINGS = RebalanceSettings.defaults().withChunkRows(500)
		.withCleanup(200, Duration.ofMillis(5));

	private static final String PREFIX = "rb_crash";

	private static RebalanceFixture sets;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		sets = RebalanceFixture.start(PREFIX);
		store = sets.store();
	}

	@AfterAll
	static void stop() {
		sets.close();
	}

	@Test
	void aMoverKilledAtEachStepIsResumedAndNothingIsLost() throws Exception {
		List<String[]> stops = List.of(new String[] { "CAPTURE", "begin" }, new String[] { "COPY", "chunk" },
				new String[] { "VERIFY", "begin" }, new String[] { "FREEZE", "frozen" }, new String[] { "FLIP", "begin" },
				new String[] { "UNFREEZE", "begin" }, new String[] { "CLEANUP", "begin" });
		List<Integer> slots = store.routing().slotsOf("a").subList(20, 20 + stops.size());
		Map<Integer, List<Long>> users = new HashMap<>();
		for (long user = 1; users.values().stream().mapToInt(List::size).sum() < slots.size() * 5; user++) {
			int slot = store.slots().slotOf(user);
			if (slots.contains(slot) && users.computeIfAbsent(slot, (s) -> new ArrayList<>()).size() < 5) {
				users.get(slot).add(user);
			}
		}
		Map<Long, Object[]> reference = new ConcurrentHashMap<>();
		AtomicLong ids = new AtomicLong(5_000_000);
		List<Long> allUsers = users.values().stream().flatMap(List::stream).toList();
		sets.preload(allUsers, 400, ids, reference); // 2000 rows per slot: several chunks

		Rebalancer rebalancer = Rebalancer.builder(store).settings(SETTINGS).build();
		rebalancer.registerSet("c");
		AtomicBoolean writing = new AtomicBoolean(true);
		CompletableFuture<long[]> writer = CompletableFuture.supplyAsync(() -> write(allUsers, ids, reference, writing));
		List<String> outcomes = new ArrayList<>();
		try {
			for (int i = 0; i < stops.size(); i++) {
				int slot = slots.get(i);
				MoveStep step = MoveStep.valueOf(stops.get(i)[0]);
				String point = stops.get(i)[1];
				RebalanceStatus rebalance = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
				Process child = launchChild(step, point);
				try {
					awaitLine(child, "AT " + step + " " + point);
				}
				finally {
					child.destroyForcibly(); // SIGKILL
					child.waitFor(30, TimeUnit.SECONDS);
				}
				assertThat(rebalancer.rebalance(rebalance.id()).orElseThrow().moves().get(0).step()).as("persisted step")
					.isEqualTo(step);

				Rebalancer resumed = Rebalancer.builder(store).settings(SETTINGS).build().start();
				try {
					await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
						String status = rebalancer.rebalance(rebalance.id()).orElseThrow().status();
						return status.equals("DONE") || status.equals("ABORTED");
					});
				}
				finally {
					resumed.close();
				}
				SlotMoveStatus move = rebalancer.rebalance(rebalance.id()).orElseThrow().moves().get(0);
				outcomes.add(step + ": " + move.step() + " " + move.checksumState());
				assertThat(move.step()).as("move of slot %d killed at %s", slot, step).isEqualTo(MoveStep.DONE);
				assertThat(move.checksumState()).isEqualTo("FINAL_OK");
				assertThat(sets.rowsOfSlot("a", slot)).as("source rows of slot %d after cleanup", slot).isZero();
				assertThat(sets.ownerState("a", slot)).isEqualTo("MOVED");
				assertThat(sets.ownerState("c", slot)).isEqualTo("OWNED");
			}
		}
		finally {
			writing.set(false);
		}
		long[] totals = writer.get(1, TimeUnit.MINUTES);
		RoutingTable routing = store.refreshRouting();
		Map<Long, Object[]> found = sets.allRows();
		long lost = 0;
		long stale = 0;
		for (Map.Entry<Long, Object[]> e : reference.entrySet()) {
			Object[] row = found.get(e.getKey());
			if (row == null) {
				lost++;
			}
			else if (!e.getValue()[3].equals(row[3]) || ((BigDecimal) e.getValue()[4]).compareTo((BigDecimal) row[4]) != 0
					|| !routing.setOf((Integer) e.getValue()[1]).equals(row[0])) {
				stale++;
			}
		}
		long unexpected = found.keySet().stream().filter((id) -> !reference.containsKey(id)).count();
		System.out.printf("killed at %s; %d writes acknowledged, %d refused, %d found no row; lost %d, stale %d, unexpected %d%n",
				outcomes, totals[0], totals[1], totals[2], lost, stale, unexpected);
		assertThat(totals[0]).isPositive();
		assertThat(totals[2]).as("updates that found no row").isZero();
		assertThat(lost).isZero();
		assertThat(stale).isZero();
		assertThat(unexpected).isZero();
	}

	private static Process launchChild(MoveStep step, String point) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Map<String, RealMySql> servers = sets.servers();
		RealMySql meta = servers.get("a");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				RebalanceCrashChild.class.getName(), meta.username(), meta.password(), meta.jdbcUrl(PREFIX + "_meta")));
		servers.forEach((name, server) -> command.add(name + "=" + server.jdbcUrl(PREFIX + "_" + name)));
		command.add(step.name());
		command.add(point);
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	private static void awaitLine(Process child, String expected) throws Exception {
		CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					if (line.startsWith(expected)) {
						return true;
					}
					if (line.contains("ERROR") || line.contains("Exception")) {
						System.out.println("child: " + line);
					}
				}
				return false;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		});
		assertThat(seen.get(90, TimeUnit.SECONDS)).as("child reached '%s'", expected).isTrue();
	}

	/** Inserts and updates on the moving slots' users, ~100 a second. @return {acknowledged, refused, no row} */
	private static long[] write(List<Long> users, AtomicLong ids, Map<Long, Object[]> reference, AtomicBoolean writing) {
		Random random = new Random(7);
		long[] totals = new long[3];
		List<Long> own = new ArrayList<>();
		while (writing.get()) {
			long user = users.get(random.nextInt(users.size()));
			int slot = store.slots().slotOf(user);
			try {
				if (own.isEmpty() || random.nextBoolean()) {
					long id = ids.incrementAndGet();
					BigDecimal amount = BigDecimal.valueOf(random.nextInt(100_000), 2);
					RebalanceFixture.write(store, user, RebalanceFixture.INSERT_ORDER, id, slot, user, amount);
					reference.put(id, new Object[] { id, slot, user, "NEW", amount });
					own.add(id);
				}
				else {
					long id = own.get(random.nextInt(own.size()));
					Object[] row = reference.get(id);
					String status = "U" + random.nextInt(1000);
					int n = RebalanceFixture.write(store, (Long) row[2], "UPDATE orders SET status = ? WHERE id = ?", status, id);
					if (n != 1) {
						totals[2]++;
					}
					reference.put(id, new Object[] { id, row[1], row[2], status, row[4] });
				}
				totals[0]++;
			}
			catch (Exception ex) {
				// a write held longer than the freeze wait while a killed mover left its slot frozen: not acknowledged
				totals[1]++;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return totals;
	}

}
