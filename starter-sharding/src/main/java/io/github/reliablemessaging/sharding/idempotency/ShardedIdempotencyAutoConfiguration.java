package io.github.reliablemessaging.sharding.idempotency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencySchemaInitializer;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.autoconfigure.ShardingAutoConfiguration;
import io.github.reliablemessaging.sharding.autoconfigure.ShardingProperties;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.ObjectUtils;

/**
 * {@code @IdempotentListener} on the sharded store: the idempotency row goes to the set that owns the listener's
 * shard key, in the business transaction, with the slot ({@link ShardedIdempotencyBinder}); the idempotency table is
 * created on every set <em>before</em> the store starts, so the store knows it as a sharded table (a slot move
 * carries its rows), and its retention purge runs on every set.
 */
@AutoConfiguration(after = ShardingAutoConfiguration.class,
		beforeName = "io.github.reliablemessaging.idempotency.autoconfigure.IdempotencyAutoConfiguration")
@ConditionalOnClass({ IdempotencyShardBinder.class, DriverManagerDataSource.class })
@ConditionalOnBean(ShardedStore.class)
@ConditionalOnBooleanProperty(name = "reliable.idempotency.enabled", matchIfMissing = true)
public final class ShardedIdempotencyAutoConfiguration {

	static final String SCHEMA_BEAN = "shardedIdempotencySchema";

	@Bean
	@ConditionalOnMissingBean
	IdempotencyShardBinder idempotencyShardBinder(ShardedStore store) {
		return new ShardedIdempotencyBinder(store);
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyDataSources idempotencyDataSources(ShardedStore store) {
		// the sets' own pools: the purge deletes across slots, which the routing DataSource rightly refuses
		Map<String, DataSource> sets = new LinkedHashMap<>();
		for (String name : store.setNames()) {
			sets.put("set-" + name, store.setDataSource(name));
		}
		return () -> sets;
	}

	/**
	 * Creates the idempotency table on every configured set before the store starts; a no-op when it exists.
	 * @param properties the sets
	 * @param environment table name and schema switch of the idempotency starter
	 * @return a marker the store depends on
	 */
	@Bean(SCHEMA_BEAN)
	@ConditionalOnBooleanProperty(name = "reliable.idempotency.schema.enabled", matchIfMissing = true)
	static Object shardedIdempotencySchema(ShardingProperties properties, Environment environment) {
		String table = environment.getProperty("reliable.idempotency.table-name", "reliable_idempotency");
		Map<String, DataSource> sets = new LinkedHashMap<>();
		properties.getSets().forEach((name, pool) -> sets.put("set-" + name, single(pool)));
		new IdempotencySchemaInitializer(() -> sets, table).migrate();
		return SCHEMA_BEAN;
	}

	/** Makes the store bean wait for {@link #shardedIdempotencySchema}. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static BeanFactoryPostProcessor shardedIdempotencySchemaFirst() {
		return (beanFactory) -> {
			if (!beanFactory.containsBeanDefinition(SCHEMA_BEAN)) {
				return;
			}
			for (String name : beanFactory.getBeanNamesForType(ShardedStore.class, true, false)) {
				if (beanFactory.containsBeanDefinition(name)) {
					BeanDefinition store = beanFactory.getBeanDefinition(name);
					String[] dependsOn = store.getDependsOn();
					if (!ObjectUtils.containsElement(dependsOn, SCHEMA_BEAN)) {
						store.setDependsOn(ObjectUtils.addObjectToArray(dependsOn, SCHEMA_BEAN));
					}
				}
			}
		};
	}

	private static DataSource single(ShardingProperties.Pool pool) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(pool.getUrl());
		if (pool.getDriverClassName() != null) {
			dataSource.setDriverClassName(pool.getDriverClassName());
		}
		Properties connection = new Properties();
		connection.putAll(pool.getProperties());
		if (pool.getUsername() != null) {
			connection.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			connection.setProperty("password", pool.getPassword());
		}
		dataSource.setConnectionProperties(connection);
		return dataSource;
	}

}
