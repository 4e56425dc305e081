package io.github.reliablemessaging.sharding.rebalance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.sharding.RebalanceFixture;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingSettings;

/**
 * The second process of {@link StaleRouterProcessTest}: a router that never polls the routing (it learns of a move
 * only when a fence refuses it) writing inserts and updates for some users until its stdin says {@code STOP}. Prints
 * one line per acknowledged write ({@code ACK I id slot user amount} / {@code ACK U id status}), then
 * {@code RETRIES n}.
 *
 * <p>Arguments: user, password, metadata URL, users (comma separated), first id, then {@code name=url} per set.
 */
public final class StaleRouterChild {

	private StaleRouterChild() {
	}

	public static void main(String[] args) throws Exception {
		String user = args[0];
		String password = args[1];
		ShardedStore.Builder builder = ShardedStore.builder().metadata(pool(args[2], user, password));
		List<Long> users = new ArrayList<>();
		for (String u : args[3].split(",")) {
			users.add(Long.parseLong(u));
		}
		long nextId = Long.parseLong(args[4]);
		for (int i = 5; i < args.length; i++) {
			String[] set = args[i].split("=", 2);
			builder.set(set[0], pool(set[1], user, password));
		}
		ShardedStore store = builder.closeDataSources(true)
			.settings(ShardingSettings.defaults()
				.withMigrationLocations(List.of("classpath:db/sharding"))
				.withTimings(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofMillis(2)))
			.build()
			.start();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread stopper = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null && !line.equals("STOP")) {
					// wait
				}
			}
			catch (Exception ignored) {
				// parent gone
			}
			running.set(false);
		});
		stopper.start();
		System.out.println("READY");
		System.out.flush();
		Random random = new Random(11);
		List<long[]> own = new ArrayList<>(); // {id, user}
		while (running.get()) {
			boolean insert = own.isEmpty() || random.nextInt(3) > 0;
			long[] updated = insert ? null : own.get(random.nextInt(own.size()));
			long shardKey = insert ? users.get(random.nextInt(users.size())) : updated[1];
			int slot = store.slots().slotOf(shardKey);
			try {
				if (insert) {
					long id = nextId++;
					BigDecimal amount = BigDecimal.valueOf(random.nextInt(100_000), 2);
					RebalanceFixture.write(store, shardKey, RebalanceFixture.INSERT_ORDER, id, slot, shardKey, amount);
					own.add(new long[] { id, shardKey });
					System.out.println("ACK I " + id + " " + slot + " " + shardKey + " " + amount.toPlainString());
				}
				else {
					long id = updated[0];
					String status = "U" + random.nextInt(1000);
					int n = RebalanceFixture.write(store, shardKey, "UPDATE orders SET status = ? WHERE id = ? AND user_id = ?", status,
							id, shardKey);
					System.out.println((n == 1) ? "ACK U " + id + " " + status : "NOROW " + id);
				}
			}
			catch (Exception ex) {
				System.out.println("FAILED " + ex);
			}
			System.out.flush();
			Thread.sleep(2);
		}
		System.out.println("RETRIES " + store.statistics().fencingRetries());
		System.out.flush();
		store.close();
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		return new HikariDataSource(config);
	}

}
