package io.github.reliablemessaging.idempotency;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.idempotency.jdbc.IdempotencySchemaInitializer;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;

/** Pooled DataSources on the shared real MySQL-compatible server, with the idempotency table migrated. */
public final class TestDatabases {

	private TestDatabases() {
	}

	/**
	 * @param database schema name (created if absent)
	 * @param poolSize connections
	 * @return a pool; close it after the test
	 */
	public static HikariDataSource dataSource(String database, int poolSize) {
		RealMySql mysql = SharedInfrastructure.mysql();
		mysql.createDatabase(database);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(mysql.jdbcUrl(database));
		dataSource.setUsername(mysql.username());
		dataSource.setPassword(mysql.password());
		dataSource.setMaximumPoolSize(poolSize);
		dataSource.setPoolName("test-" + database);
		return dataSource;
	}

	/**
	 * @param dataSource where to create the table
	 * @param table table name
	 */
	public static void migrate(DataSource dataSource, String table) {
		new IdempotencySchemaInitializer(() -> Map.of("test", dataSource), table).migrate();
	}

}
