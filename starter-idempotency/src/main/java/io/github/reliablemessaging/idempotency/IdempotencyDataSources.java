package io.github.reliablemessaging.idempotency;

import java.util.Map;

import javax.sql.DataSource;

/**
 * Every database that holds an idempotency table: the schema migration runs on each, and so does the retention
 * purge. By default the application's {@code DataSource}; a sharded store replaces this bean with every shard set.
 */
@FunctionalInterface
public interface IdempotencyDataSources {

	/** @return a name for logs and meters, mapped to each database holding an idempotency table */
	Map<String, DataSource> dataSources();

}
