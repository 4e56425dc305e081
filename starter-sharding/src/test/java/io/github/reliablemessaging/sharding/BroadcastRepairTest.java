package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Broadcast tables with a set down: the writes reach the other sets, are reported and journalled for the missing
 * one, and the repair job applies them in order once it is back — afterwards every set holds the same rows.
 */
class BroadcastRepairTest {

	private static List<RealMySql> servers;

	private static TestSets.Fixture fixture;

	private static ShardedStore store;

	@BeforeAll
	static void start() {
		servers = List.of(RealMySql.launch(MySqlOptions.defaults()), RealMySql.launch(MySqlOptions.defaults()),
				RealMySql.launch(MySqlOptions.defaults()));
		// repair only when the test asks, to make the order of events explicit
		fixture = TestSets.store("bcast", servers, 3, (s) -> s.withBroadcast(Duration.ofHours(1), Duration.ofSeconds(2)));
		fixture.sets().values().forEach((pool) -> pool.setConnectionTimeout(500));
		store = fixture.store();
	}

	@AfterAll
	static void stop() {
		fixture.close();
		servers.forEach(RealMySql::close);
	}

	@Test
	void writesMissedByASetThatIsDownAreReportedAndRepairedInOrder() throws Exception {
		BroadcastWriter broadcast = store.broadcast();
		assertThat(broadcast.upsert("country", Map.of("code", "FR", "name", "France", "vat", new BigDecimal("20.00")))
			.complete()).isTrue();
		assertSetsEqual();

		RealMySql setC = fixture.servers().get("c");
		setC.stop();
		long failures = store.statistics().broadcastFailures();
		List<BroadcastResult> whileDown = List.of(
				broadcast.upsert("country", Map.of("code", "DE", "name", "Germany", "vat", new BigDecimal("19.00"))),
				broadcast.upsert("country", Map.of("code", "FR", "name", "France (2)", "vat", new BigDecimal("20.00"))),
				broadcast.upsert("country", Map.of("code", "NL", "name", "Netherlands", "vat", new BigDecimal("21.00"))),
				broadcast.delete("country", Map.of("code", "NL")),
				broadcast.execute("UPDATE country SET vat = ? WHERE code = ?", new BigDecimal("5.50"), "FR"));
		for (BroadcastResult result : whileDown) {
			assertThat(result.complete()).isFalse();
			assertThat(result.applied()).containsExactly("a", "b");
			assertThat(result.pending()).containsOnlyKeys("c");
		}
		assertThat(store.statistics().broadcastFailures()).isEqualTo(failures + 5);
		assertThat(broadcast.pending()).containsExactly(Map.entry("c", 5L));
		assertThat(broadcast.repairNow()).as("nothing to repair while the set is down").isZero();
		// a scatter-gather query with a set down is an error naming it, never a short answer
		assertThatThrownBy(() -> store.scatterGather().aggregate(AggregateQuery.from("orders").count("n")))
			.isInstanceOfSatisfying(ScatterGatherException.class,
					(ex) -> assertThat(ex.failedSets()).containsOnlyKeys("c"))
			.hasMessageContaining("Scatter-gather failed on set(s) [c]");

		setC.start();
		// written after the set came back but before the repair: queued behind the older writes, not applied first
		BroadcastResult after = broadcast.upsert("country", Map.of("code", "FR", "name", "France (3)", "vat",
				new BigDecimal("20.00")));
		assertThat(after.pending()).containsOnlyKeys("c");
		assertThat(after.pending().get("c")).contains("earlier broadcast writes are still pending");

		long repairs = store.statistics().broadcastRepairs();
		assertThat(broadcast.repairNow()).isEqualTo(6);
		assertThat(store.statistics().broadcastRepairs()).isEqualTo(repairs + 6);
		assertThat(broadcast.pending()).isEmpty();
		List<List<Object>> rows = assertSetsEqual();
		assertThat(rows).containsExactly(List.of("DE", "Germany", new BigDecimal("19.00")),
				List.of("FR", "France (3)", new BigDecimal("20.00")));
		assertThat(broadcast.repairNow()).as("repair is idempotent and done").isZero();
	}

	@Test
	void theRepairJobAppliesMissedWritesOnItsOwnOnceTheSetIsBack() throws Exception {
		// a second instance of the application, whose repair job runs every 200 ms
		ShardedStore.Builder builder = ShardedStore.builder().metadata(fixture.metadata());
		fixture.sets().forEach(builder::set);
		try (ShardedStore instance = builder
			.settings(store.settings().withBroadcast(Duration.ofMillis(200), Duration.ofSeconds(2)))
			.build()
			.start()) {
			RealMySql setB = fixture.servers().get("b");
			setB.stop();
			BroadcastResult missed = instance.broadcast().upsert("country", Map.of("code", "IT", "name", "Italy"));
			assertThat(missed.pending()).containsOnlyKeys("b");
			setB.start();
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> instance.broadcast().pending().isEmpty());
			assertThat(instance.statistics().broadcastRepairs()).isPositive();
			assertThat(assertSetsEqual()).anySatisfy((row) -> assertThat(row.get(0)).isEqualTo("IT"));
			assertThat(instance.broadcast().delete("country", Map.of("code", "IT")).complete()).isTrue();
		}
	}

	@Test
	void broadcastWritesAreCheckedBeforeAnythingIsWritten() {
		assertThatThrownBy(() -> store.broadcast().execute("UPDATE orders SET status = 'X'"))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is sharded");
		assertThatThrownBy(() -> store.broadcast().execute("SELECT 1")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> store.broadcast().delete("country", Map.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> store.broadcast().upsert("country; DROP TABLE x", Map.of("code", "X")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static List<List<Object>> assertSetsEqual() throws Exception {
		List<List<Object>> first = null;
		for (String set : store.setNames()) {
			List<List<Object>> rows = OrdersScatterGatherTest.select(fixture.sets().get(set),
					"SELECT code, name, vat FROM country ORDER BY code");
			if (first == null) {
				first = rows;
			}
			assertThat(rows).as("country rows on set %s", set).isEqualTo(first);
		}
		return first;
	}

}
