package io.github.reliablemessaging.sharding.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.sharding.ShardedDataSource;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.spring.ShardedMethodInterceptor;
import io.github.reliablemessaging.sharding.spring.ShardedMethodPointcut;
import org.flywaydb.core.Flyway;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The sharded store from {@code reliable.sharding.*}: one HikariCP pool per set and for the metadata database, the
 * store (migrated, routing initialised or checked on start), the routing {@code DataSource} as the application's
 * {@code DataSource}, and the {@code @Sharded} advisor ordered before the transaction advisor. Active when
 * {@code reliable.sharding.metadata.url} or a set is configured, unless {@code reliable.sharding.enabled=false}.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnClass({ Flyway.class, HikariDataSource.class })
@ConditionalOnBooleanProperty(name = "reliable.sharding.enabled", matchIfMissing = true)
@Conditional(OnShardingConfiguredCondition.class)
@EnableConfigurationProperties(ShardingProperties.class)
@Import(ShardingAutoConfiguration.AutoProxyRegistrar.class)
public final class ShardingAutoConfiguration {

	/** Runs before the transaction advisor (whose default order is the lowest precedence). */
	public static final int ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ShardedStore shardedStore(ShardingProperties properties) {
		if (properties.getSets().isEmpty()) {
			throw new ShardingException("reliable.sharding.metadata.url is set but no set is configured: add"
					+ " reliable.sharding.sets.<name>.url for every set");
		}
		ShardedStore.Builder builder = ShardedStore.builder()
			.metadata(pool("metadata", properties.getMetadata()))
			.settings(properties.toSettings())
			.closeDataSources(true);
		properties.getSets().forEach((name, pool) -> builder.set(name, pool("set-" + name, pool)));
		ShardedStore store = builder.build();
		try {
			return store.start();
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
	}

	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	ShardedDataSource dataSource(ShardedStore shardedStore) {
		return shardedStore.dataSource();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "shardedMethodAdvisor")
	static DefaultPointcutAdvisor shardedMethodAdvisor(ObjectProvider<ShardedStore> store) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new ShardedMethodPointcut(),
				new ShardedMethodInterceptor(store::getObject));
		advisor.setOrder(ADVISOR_ORDER);
		return advisor;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("reliable.sharding.ids.worker-id")
	SlotIdGenerator slotIdGenerator(ShardingProperties properties) {
		return new SlotIdGenerator(properties.getIds().getWorkerId());
	}

	static HikariDataSource pool(String name, ShardingProperties.Pool pool) {
		if (pool.getUrl() == null || pool.getUrl().isBlank()) {
			throw new ShardingException("reliable.sharding." + (name.startsWith("set-") ? "sets." + name.substring(4)
					: name) + ".url is missing");
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("reliable-sharding-" + name);
		config.setJdbcUrl(pool.getUrl());
		config.setUsername(pool.getUsername());
		config.setPassword(pool.getPassword());
		if (pool.getDriverClassName() != null) {
			config.setDriverClassName(pool.getDriverClassName());
		}
		config.setMaximumPoolSize(pool.getMaximumPoolSize());
		config.setMinimumIdle(pool.getMinimumIdle());
		config.setConnectionTimeout(pool.getConnectionTimeout().toMillis());
		// the store checks every database itself and names the one that does not answer
		config.setInitializationFailTimeout(-1);
		for (Map.Entry<String, String> property : pool.getProperties().entrySet()) {
			config.addDataSourceProperty(property.getKey(), property.getValue());
		}
		return new HikariDataSource(config);
	}

	/**
	 * Hibernate keeps a physical connection for the whole session by default under Spring; with open-in-view that
	 * spans several transactions, possibly of different shard keys. Release it after each transaction instead.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HibernatePropertiesCustomizer.class)
	static class Hibernate {

		@Bean
		@ConditionalOnMissingBean(name = "shardingHibernatePropertiesCustomizer")
		HibernatePropertiesCustomizer shardingHibernatePropertiesCustomizer() {
			return (properties) -> properties.putIfAbsent("hibernate.connection.handling_mode",
					"DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION");
		}

	}

	/** Makes sure an auto-proxy creator exists for the {@code @Sharded} advisor, as {@code @EnableTransactionManagement} does. */
	static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
		}

	}

}
