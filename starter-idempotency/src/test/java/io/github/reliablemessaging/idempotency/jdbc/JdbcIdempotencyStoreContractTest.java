package io.github.reliablemessaging.idempotency.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.idempotency.ClaimResult;
import io.github.reliablemessaging.idempotency.IdempotencyStore;
import io.github.reliablemessaging.idempotency.IdempotencyStoreContract;
import io.github.reliablemessaging.idempotency.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The JDBC store against a real MySQL-compatible server, in Spring-managed JDBC transactions. */
class JdbcIdempotencyStoreContractTest extends IdempotencyStoreContract {

	private static HikariDataSource dataSource;

	private static JdbcIdempotencyStore store;

	private static TransactionTemplate transactions;

	@BeforeAll
	static void setUp() {
		dataSource = TestDatabases.dataSource("idem_contract", THREADS + 4);
		TestDatabases.migrate(dataSource, "reliable_idempotency");
		store = new JdbcIdempotencyStore(dataSource, "reliable_idempotency");
		transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@AfterAll
	static void tearDown() {
		dataSource.close();
	}

	@Override
	protected IdempotencyStore store() {
		return store;
	}

	@Override
	protected <T> T inBusinessUnit(Supplier<T> work) {
		return transactions.execute((status) -> work.get());
	}

	@Override
	protected boolean isTransient(Throwable failure) {
		return failure instanceof TransientDataAccessException;
	}

	/**
	 * Proves the second insert really waits on the first one's row lock: the server shows it still executing.
	 * (MariaDB does not always list such a waiter in INNODB_TRX, so the process list is what is checked.)
	 */
	@Override
	protected void awaitSecondClaimBlockedOrAnswered(Future<ClaimResult> second) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			if (second.isDone()) {
				throw new AssertionError("the second claim answered " + second.get() + " while the first transaction was open");
			}
			try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
							+ "WHERE INFO LIKE 'INSERT INTO reliable_idempotency %evt-contended%'")) {
				rs.next();
				if (rs.getInt(1) > 0) {
					return;
				}
			}
			Thread.sleep(10);
		}
		throw new AssertionError("the second claim never waited on the first one's lock");
	}

}
