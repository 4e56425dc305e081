package io.github.reliablemessaging.sharding.internal;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementTest {

	// a locking read counts as a write: stricter is safe (locking fence, refused without a key)
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "select * from orders|READ", "  /* hint */ SELECT 1|READ",
			"-- c\\nSELECT 1|READ", "(SELECT 1) UNION (SELECT 2)|READ", "SHOW TABLES|READ",
			"SELECT * FROM orders FOR UPDATE|WRITE", "WITH x AS (SELECT 1) SELECT * FROM x|READ",
			"WITH x AS (SELECT id FROM orders) DELETE FROM orders WHERE id IN (SELECT id FROM x)|WRITE",
			"insert into orders values (1)|WRITE", "REPLACE INTO t VALUES (1)|WRITE", "update orders set a = 1|WRITE",
			"DELETE FROM orders|WRITE", "DO 1|WRITE", "SET TRANSACTION READ ONLY|TRANSACTION_CHARACTERISTICS",
			"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED|TRANSACTION_CHARACTERISTICS", "SET NAMES utf8mb4|READ",
			"SET autocommit = 0|REFUSED", "SET @@session.autocommit = 1|REFUSED", "SAVEPOINT s1|SAVEPOINT",
			"ROLLBACK TO SAVEPOINT s1|SAVEPOINT", "RELEASE SAVEPOINT s1|SAVEPOINT", "COMMIT|REFUSED", "ROLLBACK|REFUSED",
			"BEGIN|REFUSED", "START TRANSACTION|REFUSED", "CREATE TABLE x (id INT)|REFUSED", "DROP TABLE orders|REFUSED",
			"TRUNCATE orders|REFUSED", "LOCK TABLES orders WRITE|REFUSED", "CALL p()|REFUSED", "/*!40101 COMMIT */|REFUSED",
			"SELECT 'update' FROM orders|READ", "SELECT `update` FROM t|READ", "''|REFUSED" })
	void classifiesByLeadingKeyword(String sql, SqlStatement.Kind kind) {
		assertThat(SqlStatement.of(sql.replace("\\n", "\n")).kind()).isEqualTo(kind);
	}

	@Test
	void findsTheWrittenTableAndTheTablesMentioned() {
		assertThat(SqlStatement.of("INSERT IGNORE INTO `shop`.`Country` (code) VALUES ('x')").target()).isEqualTo("country");
		assertThat(SqlStatement.of("DELETE LOW_PRIORITY FROM orders WHERE id = 1").target()).isEqualTo("orders");
		assertThat(SqlStatement.of("UPDATE country SET name = 'orders'").target()).isEqualTo("country");
		assertThat(SqlStatement.of("SELECT * FROM `orders` o JOIN country c").mentionsAny(Set.of("orders"))).isEqualTo("orders");
		assertThat(SqlStatement.of("SELECT 'orders' FROM country").mentionsAny(Set.of("orders"))).isNull();
	}

}
