package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealMySql;

/**
 * Real MySQL-compatible servers for the module's tests: three shared ones per JVM (sets a, b, c; metadata beside set
 * a), each test with its own schemas; tests that stop a server launch their own.
 */
final class TestSets {

	private static final List<RealMySql> SHARED = new ArrayList<>();

	private static final List<RealMySql> BINLOG = new ArrayList<>();

	private TestSets() {
	}

	static synchronized List<RealMySql> shared() {
		if (SHARED.isEmpty()) {
			for (int i = 0; i < 3; i++) {
				SHARED.add(RealMySql.launch(MySqlOptions.defaults()));
			}
			List<RealMySql> started = List.copyOf(SHARED);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(RealMySql::close), "test-sets-shutdown"));
		}
		return SHARED;
	}

	/** Three servers writing a ROW binlog with full row images, shared per JVM, for the rebalancing tests. */
	static synchronized List<RealMySql> binlogServers() {
		if (BINLOG.isEmpty()) {
			for (int i = 0; i < 3; i++) {
				BINLOG.add(RealMySql.launch(MySqlOptions.defaults().withBinlog(true)));
			}
			List<RealMySql> started = List.copyOf(BINLOG);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(RealMySql::close), "test-binlog-sets-shutdown"));
		}
		return BINLOG;
	}

	/**
	 * A second store over the databases of a fixture (no schema dropped): another router instance. Sets in name
	 * order; the metadata database is beside the first set by name, as {@link #store} puts it.
	 */
	static Fixture attach(String prefix, Map<String, RealMySql> servers, UnaryOperator<ShardingSettings> tune) {
		Map<String, RealMySql> byName = new java.util.TreeMap<>(servers);
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		byName.forEach((name, server) -> pools.put(name, pool(server, prefix + "_" + name, 24)));
		HikariDataSource metadata = pool(byName.values().iterator().next(), prefix + "_meta", 8);
		ShardedStore.Builder builder = ShardedStore.builder().metadata(metadata);
		pools.forEach(builder::set);
		ShardingSettings settings = tune.apply(ShardingSettings.defaults()
			.withMigrationLocations(List.of("classpath:db/sharding"))
			.withTimings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(5)));
		return new Fixture(builder.settings(settings).build().start(), pools, byName, metadata);
	}

	static HikariDataSource pool(RealMySql server, String database, int size) {
		server.createDatabase(database);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.jdbcUrl(database));
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(2_000);
		config.setInitializationFailTimeout(-1);
		config.setPoolName(database);
		return new HikariDataSource(config);
	}

	static void drop(RealMySql server, String database) {
		try (Connection c = server.connect(""); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS `" + database + "`");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A started store over the given servers: set i on server i, metadata on server 0. */
	static Fixture store(String prefix, List<RealMySql> servers, int sets, UnaryOperator<ShardingSettings> tune) {
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		Map<String, RealMySql> hosts = new LinkedHashMap<>();
		for (int i = 0; i < sets; i++) {
			String name = String.valueOf((char) ('a' + i));
			RealMySql server = servers.get(i % servers.size());
			drop(server, prefix + "_" + name);
			pools.put(name, pool(server, prefix + "_" + name, 24));
			hosts.put(name, server);
		}
		drop(servers.get(0), prefix + "_meta");
		HikariDataSource metadata = pool(servers.get(0), prefix + "_meta", 8);
		ShardedStore.Builder builder = ShardedStore.builder().metadata(metadata);
		pools.forEach(builder::set);
		ShardingSettings settings = tune.apply(ShardingSettings.defaults()
			.withMigrationLocations(List.of("classpath:db/sharding"))
			.withTimings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(5)));
		ShardedStore store = builder.settings(settings).build().start();
		return new Fixture(store, pools, hosts, metadata);
	}

	record Fixture(ShardedStore store, Map<String, HikariDataSource> sets, Map<String, RealMySql> servers,
			HikariDataSource metadata) implements AutoCloseable {

		@Override
		public void close() {
			this.store.close();
			this.sets.values().forEach(HikariDataSource::close);
			this.metadata.close();
		}

	}

}
