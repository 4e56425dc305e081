package io.github.reliablemessaging.idempotency.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

import javax.sql.DataSource;

import io.github.reliablemessaging.idempotency.Claim;
import io.github.reliablemessaging.idempotency.ClaimResult;
import io.github.reliablemessaging.idempotency.IdempotencyStore;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * The default {@link IdempotencyStore}: inserts the idempotency row on the connection of the current
 * Spring-managed transaction ({@link DataSourceUtils}), so that it commits or rolls back with the business
 * change. The primary key (consumer group, key) is the guarantee: a second transaction inserting the same key
 * waits for the first one's row lock, then gets a duplicate-key error ({@link ClaimResult#DUPLICATE}) if the first
 * committed, or inserts the row if it rolled back.
 *
 * <p>Refuses to run outside a transaction on this DataSource (an auto-commit insert would survive a failed listener
 * and lose the record on retry).
 */
public class JdbcIdempotencyStore implements IdempotencyStore {

	/** MySQL / MariaDB ER_DUP_ENTRY and ER_DUP_ENTRY_WITH_KEY_NAME. */
	private static final int ER_DUP_ENTRY = 1062;

	private static final int ER_DUP_ENTRY_WITH_KEY_NAME = 1586;

	private final DataSource dataSource;

	private final String insert;

	private final SQLExceptionTranslator translator;

	/**
	 * @param dataSource the DataSource the business transaction runs on (the one its transaction manager manages)
	 * @param tableName the idempotency table
	 */
	public JdbcIdempotencyStore(DataSource dataSource, String tableName) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.insert = "INSERT INTO " + TableName.check(tableName)
				+ " (consumer_group, idem_key, slot, topic, partition_no, offset_no, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
		this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
	}

	@Override
	public ClaimResult claim(Claim claim) {
		Objects.requireNonNull(claim, "claim must not be null");
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!DataSourceUtils.isConnectionTransactional(connection, this.dataSource) || connection.getAutoCommit()) {
				throw new IllegalStateException("The idempotency row of " + claim.key() + " must be written in the business "
						+ "transaction, but no transaction manages this DataSource on this thread (is the configured "
						+ "transaction manager bound to the same DataSource?)");
			}
			try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
				statement.setString(1, claim.key().group());
				statement.setString(2, claim.key().key());
				if (claim.slot() != null) {
					statement.setInt(3, claim.slot());
				}
				else {
					statement.setNull(3, Types.INTEGER);
				}
				statement.setString(4, claim.topic());
				statement.setInt(5, claim.partition());
				statement.setLong(6, claim.offset());
				statement.setLong(7, claim.createdAtMillis());
				statement.executeUpdate();
				return ClaimResult.CLAIMED;
			}
		}
		catch (SQLException ex) {
			if (isDuplicateKey(ex)) {
				return ClaimResult.DUPLICATE;
			}
			DataAccessException translated = this.translator.translate("claim idempotency key " + claim.key(), this.insert, ex);
			throw (translated != null) ? translated : new IllegalStateException("Could not claim " + claim.key(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	static boolean isDuplicateKey(SQLException ex) {
		for (SQLException e = ex; e != null; e = e.getNextException()) {
			if (e.getErrorCode() == ER_DUP_ENTRY || e.getErrorCode() == ER_DUP_ENTRY_WITH_KEY_NAME
					|| "23505".equals(e.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
