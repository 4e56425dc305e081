package io.github.reliablemessaging.sharding.rebalance;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router in a second process that never polls the routing keeps writing to a slot while the slot moves: it is
 * refused by the source's fence after the freeze, refreshes and goes on on the target. Held at the start of the
 * cleanup (the source's copy still there), the test checks that none of the rows it inserted (acknowledged) after the
 * flip is on the old set, and at the end that every acknowledged write is on the new owner.
 */
class StaleRouterProcessTest {

	private static final String PREFIX = "rb_staleproc";

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
	void aStaleRouterInAnotherProcessWritesNothingToTheOldSetAfterTheFlip() throws Exception {
		int slot = store.routing().slotsOf("a").get(30);
		List<Long> users = new ArrayList<>();
		for (long user = 0; users.size() < 10; user++) {
			if (store.slots().slotOf(user) == slot) {
				users.add(user);
			}
		}
		Map<Long, Object[]> reference = new ConcurrentHashMap<>(); // id -> {id, slot, user, status, amount}
		sets.preload(users, 300, new AtomicLong(), reference);

		Map<Long, Long> ackOrder = new ConcurrentHashMap<>(); // id -> sequence of the acknowledged insert
		AtomicLong acks = new AtomicLong();
		Process child = launch(users, 10_000_000L);
		CompletableFuture<Long> retries = CompletableFuture.supplyAsync(() -> read(child, reference, ackOrder, acks));
		await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() > 100);

		CountDownLatch checkedAtCleanup = new CountDownLatch(1);
		AtomicLong acksAtCleanup = new AtomicLong(-1);
		Map<String, Long> afterFlip = new ConcurrentHashMap<>();
		Rebalancer rebalancer = Rebalancer.builder(store).listener((move, step, point) -> {
			if (step == MoveStep.CLEANUP && point.equals("begin")) {
				// the source still holds its copy: let the stale router write on, then look for its writes there
				long from = acks.get();
				acksAtCleanup.set(from);
				await().atMost(Duration.ofSeconds(60)).until(() -> acks.get() > from + 100);
				List<Long> ids = ackOrder.entrySet().stream().filter((e) -> e.getValue() > from).map(Map.Entry::getKey).toList();
				afterFlip.put("acknowledged", (long) ids.size());
				afterFlip.put("onSource", count("a", ids));
				afterFlip.put("onTarget", count("c", ids));
				checkedAtCleanup.countDown();
			}
		}).build();
		try {
			rebalancer.registerSet("c");
			rebalancer.start();
			RebalanceStatus r = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
			assertThat(checkedAtCleanup.await(2, TimeUnit.MINUTES)).isTrue();
			await().atMost(Duration.ofMinutes(1)).until(() -> rebalancer.rebalance(r.id()).orElseThrow().status().equals("DONE"));
		}
		finally {
			rebalancer.close();
			try (OutputStream in = child.getOutputStream()) {
				in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
			}
		}
		long childRetries = retries.get(1, TimeUnit.MINUTES);
		child.waitFor(30, TimeUnit.SECONDS);

		assertThat(afterFlip.get("acknowledged")).as("inserts acknowledged after the flip").isGreaterThan(30);
		assertThat(afterFlip.get("onSource")).as("writes acknowledged after the flip found on the old set").isZero();
		assertThat(afterFlip.get("onTarget")).as("... found on the new owner").isEqualTo(afterFlip.get("acknowledged"));
		assertThat(childRetries).as("the stale router was refused by the fence and retried").isPositive();
		Map<Long, Object[]> found = sets.allRows();
		long lost = reference.keySet().stream().filter((id) -> !found.containsKey(id)).count();
		long stale = reference.entrySet().stream().filter((e) -> found.containsKey(e.getKey()))
			.filter((e) -> !e.getValue()[3].equals(found.get(e.getKey())[3])
					|| ((BigDecimal) e.getValue()[4]).compareTo((BigDecimal) found.get(e.getKey())[4]) != 0
					|| !"c".equals(found.get(e.getKey())[0]))
			.count();
		System.out.printf("stale router: %d acknowledged writes, %d fencing retries; after the flip %s; lost %d, stale %d%n",
				acks.get(), childRetries, afterFlip, lost, stale);
		assertThat(lost).isZero();
		assertThat(stale).isZero();
		assertThat(found).hasSize(reference.size());
	}

	private static long count(String set, List<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		try (Connection c = store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id IN ("
						+ ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Process launch(List<Long> users, long firstId) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Map<String, RealMySql> servers = sets.servers();
		RealMySql meta = servers.get("a");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				StaleRouterChild.class.getName(), meta.username(), meta.password(), meta.jdbcUrl(PREFIX + "_meta"),
				users.stream().map(String::valueOf).collect(Collectors.joining(",")), Long.toString(firstId)));
		servers.forEach((name, server) -> command.add(name + "=" + server.jdbcUrl(PREFIX + "_" + name)));
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	/** Applies the child's acknowledgements to the reference. @return its fencing retries */
	private static long read(Process child, Map<Long, Object[]> reference, Map<Long, Long> ackOrder, AtomicLong acks) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				String[] f = line.split(" ");
				if (line.startsWith("ACK I ")) {
					long id = Long.parseLong(f[2]);
					reference.put(id, new Object[] { id, Integer.parseInt(f[3]), Long.parseLong(f[4]), "NEW", new BigDecimal(f[5]) });
					ackOrder.put(id, acks.incrementAndGet());
				}
				else if (line.startsWith("ACK U ")) {
					long id = Long.parseLong(f[2]);
					Object[] row = reference.get(id);
					reference.put(id, new Object[] { id, row[1], row[2], f[3], row[4] });
					acks.incrementAndGet();
				}
				else if (line.startsWith("RETRIES ")) {
					return Long.parseLong(f[1]);
				}
				else if (line.startsWith("FAILED") || line.startsWith("NOROW")) {
					System.out.println("stale router: " + line);
				}
			}
			return -1;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
