package io.github.reliablemessaging.sharding.internal;

import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Flyway runs of the store, each with its own history table so that they never collide with each other or with the
 * application's own Flyway: the metadata schema, the store's tables on every set ({@code slot_owner}), and the
 * application's sharded and broadcast tables on every set.
 */
public final class SchemaMigrations {

	/** History table of the metadata schema. */
	public static final String METADATA_HISTORY = "reliable_sharding_metadata_history";

	/** History table of the store's own tables on a set. */
	public static final String SET_HISTORY = "reliable_sharding_set_history";

	private static final String METADATA_LOCATION = "classpath:io/github/reliablemessaging/sharding/db/metadata";

	private static final String SET_LOCATION = "classpath:io/github/reliablemessaging/sharding/db/set";

	private SchemaMigrations() {
	}

	/** @param metadata the metadata database */
	public static void migrateMetadata(DataSource metadata) {
		migrate(metadata, List.of(METADATA_LOCATION), METADATA_HISTORY);
	}

	/**
	 * @param set a set
	 * @param appLocations the application's locations; empty = none
	 * @param appHistory the application's history table
	 */
	public static void migrateSet(DataSource set, List<String> appLocations, String appHistory) {
		migrate(set, List.of(SET_LOCATION), SET_HISTORY);
		if (!appLocations.isEmpty()) {
			migrate(set, appLocations, appHistory);
		}
	}

	private static void migrate(DataSource dataSource, List<String> locations, String table) {
		Flyway.configure(SchemaMigrations.class.getClassLoader())
			.dataSource(dataSource)
			.locations(locations.toArray(String[]::new))
			.table(table)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
