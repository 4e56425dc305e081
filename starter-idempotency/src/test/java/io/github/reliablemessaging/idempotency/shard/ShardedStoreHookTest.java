package io.github.reliablemessaging.idempotency.shard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.idempotency.TestDatabases;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sharded-store hook: a binder picks one of two real databases by shard key before the transaction opens,
 * so the business row and the idempotency row (with its slot) land in the same database, and the schema is
 * created on every database of {@link IdempotencyDataSources}.
 */
class ShardedStoreHookTest {

	private static HikariDataSource shardA;

	private static HikariDataSource shardB;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		shardA = TestDatabases.dataSource("idem_shard_a", 4);
		shardB = TestDatabases.dataSource("idem_shard_b", 4);
		for (DataSource shard : List.of(shardA, shardB)) {
			new JdbcTemplate(shard).execute("CREATE TABLE IF NOT EXISTS sharded_orders (id VARCHAR(50) PRIMARY KEY, customer VARCHAR(50))");
		}
		Map<String, Object> props = new HashMap<>();
		props.put("spring.data.redis.host", SharedInfrastructure.redis().host());
		props.put("spring.data.redis.port", String.valueOf(SharedInfrastructure.redis().port()));
		props.put("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
		props.put("reliable.switches.propagation.enabled", "false");
		app = new SpringApplicationBuilder(ShardedApp.class).properties(props).run();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		shardA.close();
		shardB.close();
	}

	@Test
	void businessRowAndIdempotencyRowGoToTheShardOfTheKeyWithItsSlot() {
		ShardedListener listener = app.getBean(ShardedListener.class);
		for (int i = 0; i < 40; i++) {
			ShardedOrder order = new ShardedOrder("order-" + i, "customer-" + (i % 10));
			listener.on(order);
			listener.on(order); // a duplicate
		}
		int total = 0;
		for (Map.Entry<String, HikariDataSource> shard : Map.of("a", shardA, "b", shardB).entrySet()) {
			JdbcTemplate jdbc = new JdbcTemplate(shard.getValue());
			List<Map<String, Object>> orders = jdbc.queryForList("SELECT id, customer FROM sharded_orders");
			List<Map<String, Object>> rows = jdbc.queryForList(
					"SELECT CAST(idem_key AS CHAR) AS id, slot FROM reliable_idempotency WHERE consumer_group = 'sharded'");
			assertThat(orders).as("shard " + shard.getKey() + " holds orders").isNotEmpty();
			assertThat(rows).extracting((r) -> r.get("id"))
				.containsExactlyInAnyOrderElementsOf(orders.stream().map((o) -> o.get("id")).toList());
			for (Map<String, Object> order : orders) {
				int slot = TwoShardBinder.slot(order.get("customer"));
				assertThat(TwoShardBinder.shard(slot)).isEqualTo(shard.getKey());
				assertThat(rows).contains(Map.of("id", order.get("id"), "slot", slot));
			}
			total += orders.size();
		}
		assertThat(total).isEqualTo(40);
	}

	@Test
	void aFailingListenerRollsBackBothRowsOnItsShard() {
		ShardedListener listener = app.getBean(ShardedListener.class);
		assertThatThrownBy(() -> listener.on(new ShardedOrder("fail-1", "customer-3"))).hasMessageContaining("fail-1");
		for (DataSource shard : List.of(shardA, shardB)) {
			JdbcTemplate jdbc = new JdbcTemplate(shard);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sharded_orders WHERE id = 'fail-1'", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reliable_idempotency WHERE idem_key = 'fail-1'", Integer.class)).isZero();
		}
	}

	/** An order with a shard key. */
	public record ShardedOrder(String id, String customer) {
	}

	/** Writes the order through the routing DataSource. */
	public static class ShardedListener {

		private final JdbcTemplate jdbc;

		ShardedListener(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@IdempotentListener(key = "#order.id()", shardKey = "#order.customer()", group = "sharded")
		public void on(ShardedOrder order) {
			this.jdbc.update("INSERT INTO sharded_orders (id, customer) VALUES (?, ?)", order.id(), order.customer());
			if (order.id().startsWith("fail")) {
				throw new IllegalStateException("cannot apply " + order.id());
			}
		}

	}

	/** Test collaborator: slot = hash mod 16, slots 0-7 on shard a, 8-15 on shard b. */
	static final class TwoShardBinder implements IdempotencyShardBinder {

		static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

		static int slot(Object shardKey) {
			return Math.floorMod(shardKey.hashCode(), 16);
		}

		static String shard(int slot) {
			return (slot < 8) ? "a" : "b";
		}

		@Override
		public Binding bind(Object shardKey) {
			int slot = slot(shardKey);
			String previous = CURRENT.get();
			CURRENT.set(shard(slot));
			return new Binding() {
				@Override
				public Integer slot() {
					return slot;
				}

				@Override
				public void close() {
					CURRENT.set(previous);
				}
			};
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ShardedApp {

		@Bean
		@Primary
		DataSource routingDataSource() {
			AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {
				@Override
				protected Object determineCurrentLookupKey() {
					String shard = TwoShardBinder.CURRENT.get();
					if (shard == null) {
						throw new IllegalStateException("no shard bound: the transaction opened before the binding");
					}
					return shard;
				}
			};
			routing.setTargetDataSources(Map.of("a", shardA, "b", shardB));
			routing.setLenientFallback(false);
			return routing;
		}

		@Bean
		IdempotencyDataSources idempotencyDataSources() {
			return () -> Map.of("a", shardA, "b", shardB);
		}

		@Bean
		IdempotencyShardBinder binder() {
			return new TwoShardBinder();
		}

		@Bean
		ShardedListener shardedListener(DataSource dataSource) {
			return new ShardedListener(new JdbcTemplate(dataSource));
		}

	}

}
