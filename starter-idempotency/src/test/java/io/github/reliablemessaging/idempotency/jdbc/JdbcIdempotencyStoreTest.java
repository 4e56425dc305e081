package io.github.reliablemessaging.idempotency.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.idempotency.Claim;
import io.github.reliablemessaging.idempotency.ClaimResult;
import io.github.reliablemessaging.idempotency.IdempotencyKey;
import io.github.reliablemessaging.idempotency.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JDBC store writes, its schema migration and its retention purge, on a real MySQL-compatible server. */
class JdbcIdempotencyStoreTest {

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static TransactionTemplate transactions;

	@BeforeAll
	static void setUp() {
		dataSource = TestDatabases.dataSource("idem_jdbc", 4);
		jdbc = new JdbcTemplate(dataSource);
		transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@AfterAll
	static void tearDown() {
		dataSource.close();
	}

	@Test
	void theRowKeepsMillisecondPrecisionCoordinatesAndSlot() {
		TestDatabases.migrate(dataSource, "idem_rows");
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, "idem_rows");
		long createdAt = 1_767_225_600_123L; // 2026-01-01T00:00:00.123Z: the .123 is what Connector/J drops on MariaDB DATETIME(3)
		IdempotencyKey key = IdempotencyKey.of("orders", "evt-precise");
		ClaimResult result = transactions.execute((s) -> store.claim(new Claim(key, 77, "order-events", 5, 123_456_789_012L, createdAt)));
		assertThat(result).isEqualTo(ClaimResult.CLAIMED);
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM idem_rows WHERE consumer_group = 'orders' AND idem_key = 'evt-precise'");
		assertThat(((Number) row.get("created_at")).longValue()).isEqualTo(createdAt);
		assertThat(row.get("slot")).isEqualTo(77);
		assertThat(row.get("topic")).isEqualTo("order-events");
		assertThat(row.get("partition_no")).isEqualTo(5);
		assertThat(((Number) row.get("offset_no")).longValue()).isEqualTo(123_456_789_012L);
	}

	@Test
	void aLongKeyIsStoredAsItsHash() {
		TestDatabases.migrate(dataSource, "idem_rows");
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, "idem_rows");
		IdempotencyKey key = IdempotencyKey.of("orders-long", "x".repeat(5000));
		transactions.executeWithoutResult((s) -> store.claim(Claim.of(key, 1L)));
		String stored = jdbc.queryForObject("SELECT idem_key FROM idem_rows WHERE consumer_group = 'orders-long'", String.class);
		assertThat(stored).startsWith(IdempotencyKey.HASH_PREFIX).hasSize(IdempotencyKey.HASH_PREFIX.length() + 64);
	}

	@Test
	void aClaimOutsideATransactionIsRefused() {
		TestDatabases.migrate(dataSource, "idem_rows");
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, "idem_rows");
		assertThatThrownBy(() -> store.claim(Claim.of(IdempotencyKey.of("orders", "evt-no-tx"), 1L)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no transaction manages this DataSource");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM idem_rows WHERE idem_key = 'evt-no-tx'", Integer.class)).isZero();
	}

	@Test
	void theStarterKeepsItsOwnFlywayHistoryBesideTheApplications() throws Exception {
		HikariDataSource fresh = TestDatabases.dataSource("idem_schema_" + System.nanoTime() % 100000, 2);
		try {
			JdbcTemplate db = new JdbcTemplate(fresh);
			// the application's own Flyway history and tables are there first
			db.execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50))");
			db.execute("INSERT INTO flyway_schema_history VALUES (1, '1')");
			db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY)");
			TestDatabases.migrate(fresh, "reliable_idempotency");
			TestDatabases.migrate(fresh, "reliable_idempotency"); // idempotent re-run
			assertThat(db.queryForList("SELECT version FROM flyway_schema_history", String.class)).containsExactly("1");
			assertThat(db.queryForList("SELECT version FROM reliable_idempotency_schema_history WHERE success = 1 ORDER BY installed_rank",
					String.class)).containsExactly("0", "1");
			try (Connection c = fresh.getConnection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SHOW INDEX FROM reliable_idempotency")) {
				List<String> indexes = new ArrayList<>();
				while (rs.next()) {
					indexes.add(rs.getString("Key_name") + ":" + rs.getString("Column_name"));
				}
				assertThat(indexes).contains("PRIMARY:consumer_group", "PRIMARY:idem_key",
						"idx_reliable_idempotency_created_at:created_at", "idx_reliable_idempotency_slot:slot");
			}
		}
		finally {
			fresh.close();
		}
	}

	@Test
	void retentionPurgeDeletesOnlyRowsOlderThanThePeriodInSmallBatches() throws Exception {
		TestDatabases.migrate(dataSource, "idem_purge");
		jdbc.update("DELETE FROM idem_purge");
		long now = 1_800_000_000_000L;
		long period = 3_600_000L;
		long cutoff = now - period;
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			rows.add(new Object[] { "g", "old-" + i, cutoff - 1 - i });
		}
		for (int i = 0; i < 20; i++) {
			rows.add(new Object[] { "g", "young-" + i, cutoff + i }); // cutoff itself is kept
		}
		jdbc.batchUpdate("INSERT INTO idem_purge (consumer_group, idem_key, partition_no, offset_no, created_at) VALUES (?, ?, -1, -1, ?)", rows);
		List<Long> batches = new ArrayList<>();
		IdempotencyRetentionPurge purge = new IdempotencyRetentionPurge(() -> Map.of("db", dataSource), "idem_purge",
				java.time.Duration.ofMillis(period), 7, java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now),
						java.time.ZoneOffset.UTC), (name, n) -> batches.add(n));
		assertThat(purge.purgeAll()).isEqualTo(50);
		assertThat(batches).hasSize(8).allSatisfy((n) -> assertThat(n).isLessThanOrEqualTo(7L));
		assertThat(jdbc.queryForList("SELECT idem_key FROM idem_purge ORDER BY created_at", String.class))
			.hasSize(20)
			.allSatisfy((k) -> assertThat(k).startsWith("young-"));
		assertThat(purge.purgeAll()).isZero();
	}

}
