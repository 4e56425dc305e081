package io.github.reliablemessaging.sharding.rebalance;

import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingSettings;

/**
 * The process that {@link RebalanceCrashTest} kills with SIGKILL: a store and a rebalance worker over the given sets
 * that stops (hangs) when a move reaches the given step and point, after printing {@code AT <step> <point>}.
 *
 * <p>Arguments: user, password, metadata URL, then {@code name=url} per set, then the step and the point.
 */
public final class RebalanceCrashChild {

	private RebalanceCrashChild() {
	}

	public static void main(String[] args) throws Exception {
		String user = args[0];
		String password = args[1];
		ShardedStore.Builder builder = ShardedStore.builder().metadata(pool(args[2], user, password));
		for (int i = 3; i < args.length - 2; i++) {
			String[] set = args[i].split("=", 2);
			builder.set(set[0], pool(set[1], user, password));
		}
		MoveStep stopStep = MoveStep.valueOf(args[args.length - 2]);
		String stopPoint = args[args.length - 1];
		ShardedStore store = builder.settings(settings()).closeDataSources(true).build().start();
		Rebalancer.builder(store).settings(RebalanceCrashTest.SETTINGS).listener((move, step, point) -> {
			if (step == stopStep && point.equals(stopPoint)) {
				System.out.println("AT " + step + " " + point);
				System.out.flush();
				while (true) {
					try {
						Thread.sleep(60_000);
					}
					catch (InterruptedException ex) {
						// the test kills this process
					}
				}
			}
		}).build().start();
		System.out.println("STARTED");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

	static ShardingSettings settings() {
		return ShardingSettings.defaults()
			.withMigrationLocations(List.of("classpath:db/sharding"))
			.withTimings(Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofMillis(2));
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(8);
		config.setMinimumIdle(0);
		return new HikariDataSource(config);
	}

}
