package io.github.reliablemessaging.idempotency.autoconfigure;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.github.reliablemessaging.autoconfigure.SwitchBoardAutoConfiguration;
import io.github.reliablemessaging.idempotency.ClaimResult;
import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import io.github.reliablemessaging.idempotency.IdempotencyKey;
import io.github.reliablemessaging.idempotency.IdempotencyStore;
import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.idempotency.internal.GuardedDoneMarkerCache;
import io.github.reliablemessaging.idempotency.internal.IdempotentInvoker;
import io.github.reliablemessaging.idempotency.internal.IdempotentListenerPostProcessor;
import io.github.reliablemessaging.idempotency.internal.ScheduledRetentionPurge;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencyRetentionPurge;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencySchemaInitializer;
import io.github.reliablemessaging.idempotency.jdbc.JdbcIdempotencyStore;
import io.github.reliablemessaging.idempotency.redis.RedisLayerHealthIndicator;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class IdempotencyAutoConfigurationTest {

	private static final AutoConfigurations IDEMPOTENCY = AutoConfigurations.of(IdempotencyAutoConfiguration.class,
			IdempotencyRedisAutoConfiguration.class, IdempotencyHealthAutoConfiguration.class,
			IdempotencyInactiveAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, SwitchBoardAutoConfiguration.class))
		.withConfiguration(IDEMPOTENCY)
		.withPropertyValues(database("idem_autoconfig"))
		.withPropertyValues("reliable.switches.propagation.enabled=false");

	private static String[] database(String name) {
		RealMySql mysql = SharedInfrastructure.mysql();
		mysql.createDatabase(name);
		return new String[] { "spring.datasource.url=" + mysql.jdbcUrl(name), "spring.datasource.username=" + mysql.username(),
				"spring.datasource.password=" + mysql.password() };
	}

	@Test
	void defaultsAreTheJdbcStoreItsSchemaAndPurgeAndDatabaseOnlyWithoutARedissonClient(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(IdempotentListenerPostProcessor.class)
				.hasSingleBean(IdempotentInvoker.class)
				.hasSingleBean(IdempotencySchemaInitializer.class)
				.hasSingleBean(IdempotencyRetentionPurge.class)
				.hasSingleBean(ScheduledRetentionPurge.class)
				.hasSingleBean(IdempotencyDataSources.class)
				.doesNotHaveBean(DoneMarkerCache.class)
				.doesNotHaveBean(RedisLayerHealthIndicator.class);
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(JdbcIdempotencyStore.class);
			assertThat(context.getBean(IdempotentInvoker.class).cached()).isFalse();
			IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
			assertThat(properties.getTableName()).isEqualTo("reliable_idempotency");
			assertThat(properties.getRedis().getTimeout()).isEqualTo(Duration.ofMillis(100));
			assertThat(properties.getRetention().getPeriod()).isEqualTo(Duration.ofDays(7));
		});
		assertThat(output).contains("@IdempotentListener runs database-only: there is no RedissonClient bean");
	}

	@Test
	void aRedissonClientAddsTheRedisLayerItsSwitchAndHealth() {
		this.runner.withUserConfiguration(RedissonConfig.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GuardedDoneMarkerCache.class).hasSingleBean(RedisLayerHealthIndicator.class);
			assertThat(context.getBean(IdempotentInvoker.class).cached()).isTrue();
			SwitchBoard switches = context.getBean(SwitchBoard.class);
			assertThat(switches.value(IdempotencyRedisAutoConfiguration.SWITCH)).contains(true);
			switches.set(IdempotencyRedisAutoConfiguration.SWITCH, "off", "test", null);
			assertThat(context.getBean(GuardedDoneMarkerCache.class).status().enabled()).isFalse();
			assertThat(context.getBean(RedisLayerHealthIndicator.class).health(true).getDetails())
				.containsEntry("mode", RedisLayerHealthIndicator.MODE_SWITCHED_OFF);
		});
	}

	@Test
	void withoutRedissonOnTheClasspathItRunsDatabaseOnlyAndSaysSo(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.redisson")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(IdempotentInvoker.class).doesNotHaveBean(DoneMarkerCache.class);
		});
		assertThat(output).contains("@IdempotentListener runs database-only: Redisson is not on the classpath");
	}

	@Test
	void theRedisPropertyOffLeavesTheDatabaseOnly(CapturedOutput output) {
		this.runner.withUserConfiguration(RedissonConfig.class)
			.withPropertyValues("reliable.idempotency.redis.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(IdempotentInvoker.class).doesNotHaveBean(DoneMarkerCache.class));
		assertThat(output).contains("database-only: reliable.idempotency.redis.enabled=false");
	}

	@Test
	void userBeansWin() {
		IdempotencyStore store = (claim) -> ClaimResult.CLAIMED;
		DoneMarkerCache cache = new DoneMarkerCache() {
			@Override
			public boolean isDone(IdempotencyKey key) {
				return false;
			}

			@Override
			public void markDone(IdempotencyKey key, Duration ttl) {
			}
		};
		IdempotencyDataSources dataSources = Map::of;
		this.runner.withUserConfiguration(RedissonConfig.class)
			.withBean(IdempotencyStore.class, () -> store)
			.withBean(DoneMarkerCache.class, () -> cache)
			.withBean(IdempotencyDataSources.class, () -> dataSources)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IdempotencyStore.class)).isSameAs(store);
				assertThat(context.getBean(DoneMarkerCache.class)).isSameAs(cache);
				assertThat(context.getBean(IdempotencyDataSources.class)).isSameAs(dataSources);
				assertThat(context).doesNotHaveBean(GuardedDoneMarkerCache.class);
			});
	}

	@Test
	void thePropertiesTurnFeaturesOff(CapturedOutput output) {
		this.runner.withPropertyValues("reliable.idempotency.enabled=false")
			.withBean("plainListener", GoodListener.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IdempotentInvoker.class)
					.doesNotHaveBean(IdempotentListenerPostProcessor.class)
					.doesNotHaveBean(IdempotencyStore.class);
				assertThat(AopUtils.isAopProxy(context.getBean(GoodListener.class))).isFalse();
			});
		assertThat(output).contains("Bean 'plainListener' has @IdempotentListener methods but idempotency is NOT active");
		this.runner.withPropertyValues("reliable.idempotency.schema.enabled=false", "reliable.idempotency.retention.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(IdempotentInvoker.class)
				.doesNotHaveBean(IdempotencySchemaInitializer.class)
				.doesNotHaveBean(IdempotencyRetentionPurge.class)
				.doesNotHaveBean(ScheduledRetentionPurge.class));
	}

	@Test
	void theScheduledPurgeDeletesExpiredRowsAndCountsThem() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("reliable.idempotency.retention.interval=200ms", "reliable.idempotency.retention.period=1h",
					"reliable.idempotency.retention.batch-size=2")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				long old = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
				for (int i = 0; i < 5; i++) {
					jdbc.update("INSERT INTO reliable_idempotency (consumer_group, idem_key, partition_no, offset_no, created_at) "
							+ "VALUES ('purge-it', ?, -1, -1, ?)", "old-" + i, old);
				}
				jdbc.update("INSERT INTO reliable_idempotency (consumer_group, idem_key, partition_no, offset_no, created_at) "
						+ "VALUES ('purge-it', 'fresh', -1, -1, ?)", System.currentTimeMillis());
				Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
						"SELECT CAST(idem_key AS CHAR) FROM reliable_idempotency WHERE consumer_group = 'purge-it'", String.class))
					.containsExactly("fresh"));
				assertThat(context.getBean(MeterRegistry.class).find("reliable.idempotency.purged").counter().count())
					.isGreaterThanOrEqualTo(5);
			});
	}

	@Test
	void withoutADataSourceItStaysOffAndTheConditionSaysWhy() {
		new ApplicationContextRunner().withConfiguration(IDEMPOTENCY).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(IdempotentInvoker.class);
			StringBuilder outcome = new StringBuilder();
			ConditionEvaluationReport.get(context.getBeanFactory())
				.getConditionAndOutcomesBySource()
				.get(IdempotencyAutoConfiguration.class.getName())
				.forEach((c) -> outcome.append(c.getOutcome().getMessage()).append('\n'));
			assertThat(outcome).contains("did not find any beans of type javax.sql.DataSource");
		});
	}

	@Test
	void listenerBeansAreProxied() {
		this.runner.withBean(GoodListener.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AopUtils.isAopProxy(context.getBean(GoodListener.class))).isTrue();
		});
	}

	@Test
	void anUnparseableKeyExpressionFailsTheStartUpNamingTheMethod() {
		this.runner.withBean("badListener", BadExpressionListener.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining("Invalid @IdempotentListener in bean 'badListener'")
			.hasStackTraceContaining("BadExpressionListener.on(java.lang.String)")
			.hasStackTraceContaining("key expression '#payload.(' cannot be parsed"));
	}

	@Test
	void aShardKeyWithoutABinderFailsTheStartUp() {
		this.runner.withBean(ShardedListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("shardKey is set on [ShardedListener.on(..)] but there is no IdempotencyShardBinder bean"));
	}

	@Test
	void aFinalMethodFailsTheStartUp() {
		this.runner.withBean(FinalMethodListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("must not be private, final or static"));
	}

	@Test
	void anUnknownTransactionManagerNameFailsTheStartUp() {
		this.runner.withPropertyValues("reliable.idempotency.transaction-manager=nope")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("reliable.idempotency.transaction-manager names bean 'nope', which does not exist"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedissonConfig {

		@Bean(destroyMethod = "shutdown")
		RedissonClient redisson() {
			Config config = new Config();
			config.useSingleServer().setAddress(SharedInfrastructure.redis().uri());
			return Redisson.create(config);
		}

	}

	public static class GoodListener {

		@IdempotentListener(key = "#payload", group = "g")
		public void on(String payload) {
		}

	}

	public static class BadExpressionListener {

		@IdempotentListener(key = "#payload.(")
		public void on(String payload) {
		}

	}

	public static class ShardedListener {

		@IdempotentListener(key = "#payload", shardKey = "#payload")
		public void on(String payload) {
		}

	}

	public static class FinalMethodListener {

		@IdempotentListener(key = "#payload")
		public final void on(String payload) {
		}

	}

}
