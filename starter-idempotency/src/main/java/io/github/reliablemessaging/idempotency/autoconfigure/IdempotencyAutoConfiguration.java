package io.github.reliablemessaging.idempotency.autoconfigure;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.IdempotencyStore;
import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.idempotency.internal.IdempotentInvoker;
import io.github.reliablemessaging.idempotency.internal.IdempotentListenerPostProcessor;
import io.github.reliablemessaging.idempotency.internal.ScheduledRetentionPurge;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencyRetentionPurge;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencySchemaInitializer;
import io.github.reliablemessaging.idempotency.jdbc.JdbcIdempotencyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * {@code @IdempotentListener} with the JDBC store in the application's database: the method interceptor, the
 * store, the Flyway migrations of the idempotency table and its retention purge. Needs a {@link DataSource}; the
 * Redis layer is added by {@link IdempotencyRedisAutoConfiguration} when Redisson is there.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"io.github.reliablemessaging.autoconfigure.SwitchBoardAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, DataSourceUtils.class, PlatformTransactionManager.class, KafkaUtils.class,
		Flyway.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "reliable.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public final class IdempotencyAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static IdempotentListenerPostProcessor idempotentListenerPostProcessor(ObjectProvider<IdempotentInvoker> invoker,
			ObjectProvider<IdempotencyShardBinder> binder) {
		return new IdempotentListenerPostProcessor(invoker, binder);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyMeters idempotencyMeters(ObjectProvider<MeterRegistry> registry) {
		// no registry: an empty composite counts nothing and costs next to nothing
		return new IdempotencyMeters(registry.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyDataSources idempotencyDataSources(DataSource dataSource) {
		return () -> Map.of("dataSource", dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyStore idempotencyStore(DataSource dataSource, IdempotencyProperties properties,
			ObjectProvider<IdempotencySchemaInitializer> schema) {
		schema.getIfAvailable(); // migrated first: the table must exist before the first listener runs
		return new JdbcIdempotencyStore(dataSource, properties.getTableName());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotentInvoker idempotentInvoker(IdempotencyStore store, IdempotencyProperties properties, BeanFactory beanFactory,
			ObjectProvider<PlatformTransactionManager> transactionManagers, ObjectProvider<DoneMarkerCache> cache,
			ObjectProvider<IdempotencyShardBinder> binder, IdempotencyMeters meters, ObjectProvider<Clock> clock) {
		PlatformTransactionManager transactionManager = transactionManager(properties, beanFactory, transactionManagers);
		DoneMarkerCache markers = cache.getIfAvailable();
		if (markers == null) {
			ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory cbf) ? cbf.getBeanClassLoader() : null;
			log.info("@IdempotentListener runs database-only: {}", whyNoRedis(properties, classLoader));
		}
		return new IdempotentInvoker(store, new TransactionTemplate(transactionManager), markers,
				properties.getRedis().getTtl(), binder.getIfAvailable(), meters, clock.getIfUnique(Clock::systemUTC));
	}

	private static PlatformTransactionManager transactionManager(IdempotencyProperties properties, BeanFactory beanFactory,
			ObjectProvider<PlatformTransactionManager> transactionManagers) {
		String name = properties.getTransactionManager();
		if (name != null && !name.isBlank()) {
			if (!beanFactory.containsBean(name)) {
				throw new IllegalStateException("reliable.idempotency.transaction-manager names bean '" + name
						+ "', which does not exist");
			}
			return beanFactory.getBean(name, PlatformTransactionManager.class);
		}
		PlatformTransactionManager unique = transactionManagers.getIfUnique();
		if (unique == null) {
			throw new IllegalStateException("@IdempotentListener needs the transaction manager of the business "
					+ "transaction: there is none or more than one without a primary; set "
					+ "reliable.idempotency.transaction-manager to its bean name");
		}
		return unique;
	}

	private static String whyNoRedis(IdempotencyProperties properties, ClassLoader classLoader) {
		if (!properties.getRedis().isEnabled()) {
			return "reliable.idempotency.redis.enabled=false";
		}
		if (!ClassUtils.isPresent("org.redisson.api.RedissonClient", classLoader)) {
			return "Redisson is not on the classpath (add org.redisson:redisson-spring-boot-starter for the Redis pre-check)";
		}
		return "there is no RedissonClient bean";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "reliable.idempotency.schema.enabled", matchIfMissing = true)
	static class Schema {

		@Bean
		@ConditionalOnMissingBean
		IdempotencySchemaInitializer idempotencySchemaInitializer(IdempotencyDataSources dataSources,
				IdempotencyProperties properties) {
			IdempotencySchemaInitializer initializer = new IdempotencySchemaInitializer(dataSources, properties.getTableName());
			initializer.migrate();
			return initializer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "reliable.idempotency.retention.enabled", matchIfMissing = true)
	static class Retention {

		@Bean
		@ConditionalOnMissingBean
		IdempotencyRetentionPurge idempotencyRetentionPurge(IdempotencyDataSources dataSources,
				IdempotencyProperties properties, IdempotencyMeters meters, ObjectProvider<Clock> clock) {
			IdempotencyProperties.Retention retention = properties.getRetention();
			return new IdempotencyRetentionPurge(dataSources, properties.getTableName(), retention.getPeriod(),
					retention.getBatchSize(), clock.getIfUnique(Clock::systemUTC), meters::purged);
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		ScheduledRetentionPurge scheduledIdempotencyRetentionPurge(IdempotencyRetentionPurge purge,
				IdempotencyProperties properties) {
			return new ScheduledRetentionPurge(purge, properties.getRetention().getInterval());
		}

	}

}
