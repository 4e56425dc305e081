package io.github.reliablemessaging.idempotency.jdbc;

import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the idempotency table on every database of {@link IdempotencyDataSources} with Flyway
 * migrations shipped in this jar. The starter keeps its own history table ({@code <table>_schema_history}), so it
 * never touches the application's own Flyway history; it baselines at version 0, so a database that already holds
 * the application's tables still gets every migration.
 */
public class IdempotencySchemaInitializer {

	/** Where the migrations are. */
	public static final String LOCATION = "classpath:io/github/reliablemessaging/idempotency/db/migration";

	private static final Logger log = LoggerFactory.getLogger(IdempotencySchemaInitializer.class);

	private final IdempotencyDataSources dataSources;

	private final String tableName;

	/**
	 * @param dataSources the databases holding an idempotency table
	 * @param tableName the idempotency table
	 */
	public IdempotencySchemaInitializer(IdempotencyDataSources dataSources, String tableName) {
		this.dataSources = Objects.requireNonNull(dataSources, "dataSources must not be null");
		this.tableName = TableName.check(tableName);
	}

	/** @return the name of the starter's Flyway history table */
	public String historyTable() {
		return this.tableName + "_schema_history";
	}

	/** Migrates every database; fails on the first one that cannot be migrated. */
	public void migrate() {
		for (Map.Entry<String, DataSource> entry : this.dataSources.dataSources().entrySet()) {
			migrate(entry.getKey(), entry.getValue());
		}
	}

	private void migrate(String name, DataSource dataSource) {
		Flyway flyway = Flyway.configure(getClass().getClassLoader())
			.dataSource(dataSource)
			.locations(LOCATION)
			.table(historyTable())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.placeholders(Map.of("table", this.tableName))
			.load();
		try {
			MigrateResult result = flyway.migrate();
			log.info("Idempotency table {} on {}: schema version {} ({} migration(s) applied)", this.tableName, name,
					(result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion,
					result.migrationsExecuted);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not create or upgrade the idempotency table " + this.tableName + " on "
					+ name + ": " + ex.getMessage(), ex);
		}
	}

}
