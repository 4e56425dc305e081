package io.github.reliablemessaging.sharding.idempotency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.TestSupportAccess;
import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @IdempotentListener(shardKey = ...)} on a sharded store of two real sets (two MariaDB servers): the
 * idempotency row lands on the set that owns the shard key, in the business transaction, with the slot; a failing
 * body rolls both back; the same events delivered by many threads at once have one effect each.
 */
class ShardedIdempotencyTest {

	private static final String GROUP = "sharded-idem";

	private static ConfigurableApplicationContext app;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		List<RealMySql> servers = TestSupportAccess.servers();
		TestSupportAccess.recreate(servers.get(0), "sidem_meta");
		TestSupportAccess.recreate(servers.get(0), "sidem_a");
		TestSupportAccess.recreate(servers.get(1), "sidem_b");
		Map<String, Object> props = new HashMap<>();
		database(props, "reliable.sharding.metadata", servers.get(0), "sidem_meta");
		database(props, "reliable.sharding.sets.a", servers.get(0), "sidem_a");
		database(props, "reliable.sharding.sets.b", servers.get(1), "sidem_b");
		props.put("reliable.sharding.migrations.locations", "classpath:db/sharded-idempotency");
		props.put("reliable.sharding.routing.poll-interval", "1h");
		props.put("reliable.switches.propagation.enabled", "false");
		props.put("reliable.monitoring.lag.enabled", "false");
		props.put("spring.autoconfigure.exclude",
				"io.github.reliablemessaging.autoconfigure.ListenerOperationsAutoConfiguration,"
						+ "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration");
		app = new SpringApplicationBuilder(App.class).properties(props).run();
		store = app.getBean(ShardedStore.class);
	}

	private static void database(Map<String, Object> props, String prefix, RealMySql server, String schema) {
		props.put(prefix + ".url", server.jdbcUrl(schema));
		props.put(prefix + ".username", server.username());
		props.put(prefix + ".password", server.password());
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theIdempotencyTableIsCreatedOnEverySetBeforeTheStoreStartsSoItIsAShardedTable() {
		assertThat(app.getBean(IdempotencyShardBinder.class)).isInstanceOf(ShardedIdempotencyBinder.class);
		assertThat(store.shardedTables()).contains("reliable_idempotency", "idem_effects");
		assertThat(app.getBean(IdempotencyDataSources.class).dataSources()).containsOnlyKeys("set-a", "set-b");
	}

	@Test
	void idempotencyRowAndBusinessRowLandOnTheSetOfTheShardKeyWithItsSlot() {
		Listener listener = app.getBean(Listener.class);
		for (int i = 0; i < 200; i++) {
			Event event = new Event("placed-" + i, 1_000 + i % 60);
			listener.on(event);
			listener.on(event); // a duplicate: skipped
		}
		int events = 0;
		for (String set : store.setNames()) {
			JdbcTemplate jdbc = new JdbcTemplate(store.setDataSource(set));
			List<Map<String, Object>> effects = jdbc.queryForList(
					"SELECT event_id, user_id, slot FROM idem_effects WHERE event_id LIKE 'placed-%'");
			Map<String, Integer> rows = new HashMap<>();
			jdbc.query("SELECT CAST(idem_key AS CHAR) AS k, slot FROM reliable_idempotency WHERE consumer_group = ?"
					+ " AND idem_key LIKE 'placed-%'", (rs) -> {
						rows.put(rs.getString("k"), rs.getInt("slot"));
					}, GROUP);
			assertThat(effects).as("set %s holds events", set).isNotEmpty();
			assertThat(rows.keySet()).as("idempotency rows on set %s are exactly its events' rows", set)
				.containsExactlyInAnyOrderElementsOf(effects.stream().map((e) -> (String) e.get("event_id")).toList());
			for (Map<String, Object> effect : effects) {
				int slot = store.slots().slotOf(((Number) effect.get("user_id")).longValue());
				assertThat(store.routing().setOf(slot)).as("owner of the shard key's slot").isEqualTo(set);
				assertThat(rows.get((String) effect.get("event_id"))).as("slot stored with the idempotency row")
					.isEqualTo(slot);
			}
			events += effects.size();
		}
		assertThat(events).isEqualTo(200);
	}

	@Test
	void aFailingBodyRollsBackTheIdempotencyRowWithTheBusinessRowAndTheRetryApplies() {
		Listener listener = app.getBean(Listener.class);
		Event event = new Event("fail-once-1", 77);
		assertThatThrownBy(() -> listener.on(event)).hasMessageContaining("fail-once-1");
		assertThat(count("SELECT COUNT(*) FROM idem_effects WHERE event_id = 'fail-once-1'")).isZero();
		assertThat(count("SELECT COUNT(*) FROM reliable_idempotency WHERE idem_key = 'fail-once-1'")).isZero();

		listener.on(event); // the retry: the body no longer fails
		assertThat(count("SELECT COUNT(*) FROM idem_effects WHERE event_id = 'fail-once-1'")).isOne();
		assertThat(count("SELECT COUNT(*) FROM reliable_idempotency WHERE idem_key = 'fail-once-1'")).isOne();
	}

	@Test
	void sixteenThreadsDeliveringTheSameEventsAtOnceApplyEachOnceOnItsSet() throws Exception {
		Listener listener = app.getBean(Listener.class);
		int threads = 16;
		int keys = 150;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int offset = t;
			done.add(pool.submit(() -> {
				go.await();
				for (int i = 0; i < keys; i++) {
					int k = (i + offset * 7) % keys; // every thread walks all keys, starting elsewhere
					listener.on(new Event("race-" + k, 5_000 + k % 40));
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> future : done) {
			future.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(count("SELECT COUNT(*) FROM idem_effects WHERE event_id LIKE 'race-%'")).isEqualTo(keys);
		assertThat(count("SELECT COUNT(DISTINCT event_id) FROM idem_effects WHERE event_id LIKE 'race-%'")).isEqualTo(keys);
		assertThat(count("SELECT COUNT(*) FROM reliable_idempotency WHERE idem_key LIKE 'race-%'")).isEqualTo(keys);
		assertThat(listener.racesApplied()).as("bodies run").isEqualTo(keys);
		for (String set : store.setNames()) {
			JdbcTemplate jdbc = new JdbcTemplate(store.setDataSource(set));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idem_effects e JOIN reliable_idempotency r"
					+ " ON r.idem_key = CAST(e.event_id AS BINARY) WHERE e.event_id LIKE 'race-%' AND r.slot <> e.slot",
					Integer.class)).as("rows whose slot differs on %s", set).isZero();
		}
	}

	/** Sum of a count over both sets. */
	private static int count(String sql) {
		int total = 0;
		for (String set : store.setNames()) {
			total += new JdbcTemplate(store.setDataSource(set)).queryForObject(sql, Integer.class);
		}
		return total;
	}

	/** An event of a user. */
	public record Event(String id, long userId) {
	}

	/** Writes one effect row per applied event through the routing DataSource. */
	public static class Listener {

		private final JdbcTemplate jdbc;

		private final SlotIdGenerator ids = new SlotIdGenerator(1);

		private final Map<String, Boolean> failedOnce = new java.util.concurrent.ConcurrentHashMap<>();

		private final AtomicLong bodies = new AtomicLong();

		Listener(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public long racesApplied() {
			return this.bodies.get();
		}

		@IdempotentListener(key = "#event.id()", shardKey = "#event.userId()", group = GROUP)
		public void on(Event event) {
			int slot = ShardContext.currentSlot();
			this.jdbc.update("INSERT INTO idem_effects (id, slot, user_id, event_id) VALUES (?, ?, ?, ?)",
					this.ids.next(slot), slot, event.userId(), event.id());
			if (event.id().startsWith("race-")) {
				this.bodies.incrementAndGet();
			}
			if (event.id().startsWith("fail-once") && this.failedOnce.putIfAbsent(event.id(), true) == null) {
				throw new IllegalStateException("cannot apply " + event.id() + " this time");
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Listener listener(javax.sql.DataSource dataSource) {
			return new Listener(new JdbcTemplate(dataSource));
		}

	}

}
