package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.ops.endpoint.OperationRequest;
import io.github.reliablemessaging.sharding.ShardedDataSource;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.SlotMap;
import io.github.reliablemessaging.sharding.TestSupportAccess;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardingAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ShardingAutoConfiguration.class,
				ShardingObservabilityAutoConfiguration.class, RebalanceAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		;

	private static String[] sets(String prefix, String... names) {
		List<RealMySql> servers = TestSupportAccess.servers();
		List<String> properties = new ArrayList<>();
		TestSupportAccess.recreate(servers.get(0), prefix + "_meta");
		properties.add("reliable.sharding.metadata.url=" + servers.get(0).jdbcUrl(prefix + "_meta"));
		properties.add("reliable.sharding.metadata.username=" + servers.get(0).username());
		for (int i = 0; i < names.length; i++) {
			RealMySql server = servers.get(i % servers.size());
			TestSupportAccess.recreate(server, prefix + "_" + names[i]);
			properties.add("reliable.sharding.sets." + names[i] + ".url=" + server.jdbcUrl(prefix + "_" + names[i]));
			properties.add("reliable.sharding.sets." + names[i] + ".username=" + server.username());
		}
		return properties.toArray(String[]::new);
	}

	@Test
	void offUnlessAMetadataDatabaseIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ShardedStore.class)
			.doesNotHaveBean(DataSource.class));
	}

	@Test
	void configuredSetsGiveAStoreTheRoutingDataSourceMetersAndTheEndpoint() {
		this.runner.withPropertyValues(sets("ac_default", "a", "b")).withPropertyValues("reliable.sharding.slots=64")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ShardedStore.class)
					.hasSingleBean(ShardingArea.class)
					.hasSingleBean(ShardingMeterBinder.class)
					.hasSingleBean(Rebalancer.class)
					.hasSingleBean(RebalanceMeterBinder.class)
					.doesNotHaveBean(SlotIdGenerator.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(ShardedDataSource.class);
				ShardedStore store = context.getBean(ShardedStore.class);
				assertThat(store.routing().slotsOf("a")).hasSize(32);
				assertThat(store.routing().slotsOf("b")).hasSize(32);
				SlotMap map = (SlotMap) context.getBean(ShardingArea.class)
					.read(new OperationRequest(OperationRequest.Method.READ, "sharding", List.of(), Map.of(), null, (e) -> {
					}));
				assertThat(map.slotCounts()).containsEntry("a", 32)
					.containsEntry("b", 32);
			});
	}

	@Test
	void rebalancingCanBeTurnedOffAndTheAreaSaysSo() {
		this.runner.withPropertyValues(sets("ac_norebalance", "a")).withPropertyValues("reliable.sharding.rebalance.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ShardedStore.class).doesNotHaveBean(Rebalancer.class);
				ShardingArea area = context.getBean(ShardingArea.class);
				assertThatThrownBy(() -> area.read(new OperationRequest(OperationRequest.Method.READ, "sharding",
						List.of("rebalance"), Map.of(), null, (e) -> {
						}))).hasMessageContaining("rebalancing is off");
			});
	}

	@Test
	void propertyTurnsItOff() {
		this.runner.withPropertyValues(sets("ac_off", "a")).withPropertyValues("reliable.sharding.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShardedStore.class));
	}

	@Test
	void missingFlywayTurnsItOff() {
		this.runner.withPropertyValues(sets("ac_noflyway", "a"))
			.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShardedStore.class));
	}

	@Test
	void noOperationAreaWithoutTheOperationsSpi() {
		this.runner.withPropertyValues(sets("ac_noactuator", "a"))
			.withClassLoader(new FilteredClassLoader(OperationArea.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ShardedStore.class)
				.doesNotHaveBean(ShardingArea.class));
	}

	@Test
	void aUsersDataSourceAndIdGeneratorWin() {
		this.runner.withPropertyValues(sets("ac_user", "a")).withPropertyValues("reliable.sharding.ids.worker-id=7")
			.withUserConfiguration(UserBeans.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ShardedStore.class);
				assertThat(context.getBean(DataSource.class)).isSameAs(UserBeans.DATA_SOURCE);
				assertThat(context.getBean(SlotIdGenerator.class)).isSameAs(UserBeans.IDS);
			});
	}

	@Test
	void workerIdGivesAnIdGenerator() {
		this.runner.withPropertyValues(sets("ac_ids", "a")).withPropertyValues("reliable.sharding.ids.worker-id=7")
			.run((context) -> assertThat(context).hasSingleBean(SlotIdGenerator.class));
	}

	@Test
	void setsWithoutAMetadataDatabaseFailTheStart() {
		this.runner.withPropertyValues("reliable.sharding.sets.a.url=jdbc:mysql://127.0.0.1:1/a").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context.getStartupFailure())).contains("reliable.sharding.metadata.url is missing");
		});
	}

	@Test
	void unreachableSetFailsTheStartNamingIt() {
		this.runner.withPropertyValues(sets("ac_down", "a"))
			.withPropertyValues("reliable.sharding.sets.b.url=jdbc:mysql://127.0.0.1:1/nothing?connectTimeout=500",
					"reliable.sharding.sets.b.connection-timeout=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context.getStartupFailure())).contains("Cannot reach set 'b'");
			});
	}

	@Test
	void slotCountMismatchAndSetsMissingFromTheConfigurationFailTheStart() {
		String[] twoSets = sets("ac_mismatch", "a", "b");
		this.runner.withPropertyValues(twoSets).run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues(twoSets).withPropertyValues("reliable.sharding.slots=128").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context.getStartupFailure()))
				.contains("initialised with 256 slots but reliable.sharding.slots is 128");
		});
		List<String> onlyA = new ArrayList<>(List.of(twoSets));
		onlyA.removeIf((p) -> p.startsWith("reliable.sharding.sets.b."));
		this.runner.withPropertyValues(onlyA.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			ShardingException failure = find(context.getStartupFailure());
			assertThat(failure.getMessage()).contains("Set 'b' owns 128 slots", "is not configured");
			FailureAnalysis analysis = new ShardingFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("The sharded store could not start: Set 'b'");
		});
	}

	private static String rootMessage(Throwable failure) {
		return find(failure).getMessage();
	}

	private static ShardingException find(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ShardingException sharding) {
				return sharding;
			}
		}
		throw new AssertionError("no ShardingException in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final DataSource DATA_SOURCE = new org.springframework.jdbc.datasource.SimpleDriverDataSource();

		static final SlotIdGenerator IDS = new SlotIdGenerator(1);

		@Bean
		DataSource myDataSource() {
			return DATA_SOURCE;
		}

		@Bean
		SlotIdGenerator myIds() {
			return IDS;
		}

	}

}
