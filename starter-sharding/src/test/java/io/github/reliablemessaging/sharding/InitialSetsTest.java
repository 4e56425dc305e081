package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.sharding.autoconfigure.ShardingAutoConfiguration;
import io.github.reliablemessaging.sharding.rebalance.Cutover;
import io.github.reliablemessaging.sharding.rebalance.RebalancePlan;
import io.github.reliablemessaging.sharding.rebalance.RebalanceStatus;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code reliable.sharding.initial-sets}: a configured set left out of the initial sets starts empty but migrated and
 * receives slots by a rebalance; the option is ignored once the store is initialised; a name that is not a configured
 * set, or an empty list, fails start-up with the reason and initialises nothing.
 */
class InitialSetsTest {

	@Test
	void aSetLeftOutOfTheInitialSetsStartsEmptyMigratedAndReceivesSlotsByARebalance() throws Exception {
		try (TestSets.Fixture sets = TestSets.store("init_sets", TestSets.binlogServers(), 3,
				(s) -> s.withInitialSets(List.of("b", "a")))) {
			ShardedStore store = sets.store();
			RoutingTable routing = store.routing();
			assertThat(routing.slotsOf("a")).hasSize(128);
			assertThat(routing.slotsOf("b")).hasSize(128);
			assertThat(routing.slotsOf("c")).isEmpty();
			assertThat(tables(sets, "c")).contains("orders", "slot_owner");
			assertThat(count(sets, "c", "SELECT COUNT(*) FROM slot_owner")).as("set c claims no slot").isZero();
			assertThat(store.setNames()).contains("c");

			int slot = routing.slotsOf("a").get(5);
			insertRows(sets, "a", slot, 50);
			try (Rebalancer rebalancer = Rebalancer.builder(store).build()) {
				assertThat(rebalancer.registerSet("c").binlogReadable()).isTrue();
				RebalancePlan even = rebalancer.plan(null, null);
				assertThat(even.slotsBefore()).containsEntry("a", 128).containsEntry("b", 128).containsEntry("c", 0);
				assertThat(even.moves()).hasSize(85).allSatisfy((m) -> assertThat(m.to()).isEqualTo("c"));
				assertThat(store.refreshRouting().slotsOf("c")).as("a plan changes nothing").isEmpty();

				rebalancer.start();
				RebalanceStatus started = rebalancer.start(rebalancer.plan(List.of(slot), "c"), Cutover.AUTO, null);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> rebalancer.rebalance(started.id()).orElseThrow().status().equals("DONE"));
			}
			assertThat(store.refreshRouting().setOf(slot)).isEqualTo("c");
			assertThat(count(sets, "c", "SELECT COUNT(*) FROM orders WHERE slot = " + slot)).isEqualTo(50);
			await().atMost(Duration.ofMinutes(1))
				.until(() -> count(sets, "a", "SELECT COUNT(*) FROM orders WHERE slot = " + slot) == 0);
		}
	}

	@Test
	void onceTheStoreIsInitialisedTheInitialSetsAreIgnored() {
		List<RealMySql> servers = TestSets.shared();
		TestSets.store("init_later", servers, 2, (s) -> s).close();
		Map<String, RealMySql> hosts = Map.of("a", servers.get(0), "b", servers.get(1));
		try (TestSets.Fixture again = TestSets.attach("init_later", hosts, (s) -> s.withInitialSets(List.of("b")))) {
			assertThat(again.store().routing().slotsOf("a")).hasSize(128);
			assertThat(again.store().routing().slotsOf("b")).hasSize(128);
			assertThat(again.store().routing().version()).isEqualTo(1);
		}
	}

	@Test
	void aNameThatIsNotAConfiguredSetFailsStartUpWithTheReasonAndInitialisesNothing() {
		List<RealMySql> servers = TestSets.shared();
		assertThatThrownBy(() -> TestSets.store("init_bad", servers, 2, (s) -> s.withInitialSets(List.of("a", "zz"))))
			.isInstanceOf(ShardingException.class)
			.hasMessageContaining("reliable.sharding.initial-sets names [zz]")
			.hasMessageContaining("configured sets: [a, b]");
		Map<String, RealMySql> hosts = Map.of("a", servers.get(0), "b", servers.get(1));
		try (TestSets.Fixture valid = TestSets.attach("init_bad", hosts, (s) -> s.withInitialSets(List.of("b")))) {
			assertThat(valid.store().routing().slotsOf("a")).as("the refused start initialised nothing").isEmpty();
			assertThat(valid.store().routing().slotsOf("b")).hasSize(256);
		}
		assertThatThrownBy(() -> ShardingSettings.defaults().withInitialSets(List.of()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("initialSets must name at least one set");
	}

	@Test
	void thePropertyIsBoundAndABadNameFailsTheApplicationStart() {
		List<RealMySql> servers = TestSets.shared();
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ShardingAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
		runner.withPropertyValues(properties("init_prop_bad", servers)).withPropertyValues("reliable.sharding.initial-sets=a,typo")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context.getStartupFailure())).contains("reliable.sharding.initial-sets names [typo]",
						"configured sets: [a, b]");
			});
		runner.withPropertyValues(properties("init_prop", servers)).withPropertyValues("reliable.sharding.initial-sets=a")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RoutingTable routing = context.getBean(ShardedStore.class).routing();
				assertThat(routing.slotsOf("a")).hasSize(256);
				assertThat(routing.slotsOf("b")).isEmpty();
			});
	}

	private static String[] properties(String prefix, List<RealMySql> servers) {
		List<String> properties = new ArrayList<>();
		TestSupportAccess.recreate(servers.get(0), prefix + "_meta");
		properties.add("reliable.sharding.metadata.url=" + servers.get(0).jdbcUrl(prefix + "_meta"));
		properties.add("reliable.sharding.metadata.username=" + servers.get(0).username());
		properties.add("reliable.sharding.metadata.password=" + servers.get(0).password());
		String[] names = { "a", "b" };
		for (int i = 0; i < names.length; i++) {
			RealMySql server = servers.get(i);
			TestSupportAccess.recreate(server, prefix + "_" + names[i]);
			properties.add("reliable.sharding.sets." + names[i] + ".url=" + server.jdbcUrl(prefix + "_" + names[i]));
			properties.add("reliable.sharding.sets." + names[i] + ".username=" + server.username());
			properties.add("reliable.sharding.sets." + names[i] + ".password=" + server.password());
		}
		return properties.toArray(String[]::new);
	}

	private static String rootMessage(Throwable failure) {
		Throwable t = failure;
		while (t.getCause() != null) {
			t = t.getCause();
		}
		return t.getMessage();
	}

	private static List<String> tables(TestSets.Fixture sets, String set) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection c = sets.sets().get(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(
						"SELECT LOWER(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		return tables;
	}

	private static long count(TestSets.Fixture sets, String set, String sql) throws SQLException {
		try (Connection c = sets.sets().get(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static void insertRows(TestSets.Fixture sets, String set, int slot, int rows) throws SQLException {
		try (Connection c = sets.sets().get(set).getConnection(); PreparedStatement ps = c.prepareStatement(
				"INSERT INTO orders (id, slot, user_id, status, currency, amount, created_at)"
						+ " VALUES (?, ?, ?, 'NEW', 'EUR', 1, '2025-01-01 00:00:00.123')")) {
			for (int i = 1; i <= rows; i++) {
				ps.setLong(1, slot * 1_000_000L + i);
				ps.setInt(2, slot);
				ps.setLong(3, i);
				ps.addBatch();
			}
			ps.executeBatch();
		}
	}

}
