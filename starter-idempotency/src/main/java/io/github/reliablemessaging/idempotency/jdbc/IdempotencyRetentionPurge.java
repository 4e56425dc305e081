package io.github.reliablemessaging.idempotency.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import io.github.reliablemessaging.idempotency.IdempotencyDataSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes idempotency rows older than the retention period, in small batches each committed on its own, so that
 * no long transaction or large lock set hurts the listeners inserting rows at the same time.
 *
 * <p>The retention period must be at least the topic's retention plus the longest replay window: a record that
 * can still be delivered (or replayed) must find its row, or it is applied again.
 */
public class IdempotencyRetentionPurge {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyRetentionPurge.class);

	private final IdempotencyDataSources dataSources;

	private final String delete;

	private final Duration retention;

	private final int batchSize;

	private final Clock clock;

	private final BiConsumer<String, Long> purged;

	/**
	 * @param dataSources databases holding the table
	 * @param tableName the idempotency table
	 * @param retention how long rows are kept
	 * @param batchSize rows deleted per statement (and transaction)
	 * @param clock time source
	 * @param purged told the database name and the rows deleted by each batch
	 */
	public IdempotencyRetentionPurge(IdempotencyDataSources dataSources, String tableName, Duration retention, int batchSize,
			Clock clock, BiConsumer<String, Long> purged) {
		this.dataSources = Objects.requireNonNull(dataSources, "dataSources must not be null");
		this.delete = "DELETE FROM " + TableName.check(tableName) + " WHERE created_at < ? ORDER BY created_at LIMIT ?";
		this.retention = Objects.requireNonNull(retention, "retention must not be null");
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive, was " + retention);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
		}
		this.batchSize = batchSize;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.purged = Objects.requireNonNull(purged, "purged must not be null");
	}

	/**
	 * Purges every database once; a database that fails is logged and skipped (the next run tries again).
	 * @return rows deleted in total
	 */
	public long purgeAll() {
		long cutoff = this.clock.millis() - this.retention.toMillis();
		long total = 0;
		for (Map.Entry<String, DataSource> entry : this.dataSources.dataSources().entrySet()) {
			try {
				total += purge(entry.getKey(), entry.getValue(), cutoff);
			}
			catch (SQLException | RuntimeException ex) {
				log.warn("Idempotency retention purge of {} failed (retried on the next run): {}", entry.getKey(), ex.toString());
			}
		}
		return total;
	}

	/**
	 * Deletes the rows of one database created before {@code cutoffMillis}, batch by batch.
	 * @param name database name for logs and meters
	 * @param dataSource the database
	 * @param cutoffMillis epoch milliseconds; rows created strictly before are deleted
	 * @return rows deleted
	 * @throws SQLException when a batch fails (earlier batches stay deleted)
	 */
	public long purge(String name, DataSource dataSource, long cutoffMillis) throws SQLException {
		long total = 0;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection.prepareStatement(this.delete)) {
				int deleted;
				do {
					statement.setLong(1, cutoffMillis);
					statement.setInt(2, this.batchSize);
					deleted = statement.executeUpdate();
					total += deleted;
					if (deleted > 0) {
						this.purged.accept(name, (long) deleted);
					}
				}
				while (deleted == this.batchSize && !Thread.currentThread().isInterrupted());
			}
		}
		if (total > 0) {
			log.info("Idempotency retention purge deleted {} row(s) older than {} from {}", total, this.retention, name);
		}
		return total;
	}

}
