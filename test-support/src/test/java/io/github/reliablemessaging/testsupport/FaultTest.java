package io.github.reliablemessaging.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Servers owned by the harness can be stopped and started again; the shared ones are never touched here. */
class FaultTest {

	@Test
	void redisStoppedAndStartedAgainAnswersOnTheSamePort() {
		try (RealRedis redis = RealRedis.launch()) {
			int port = redis.port();
			redis.stop();
			assertThat(redis.isRunning()).isFalse();

			redis.start();
			assertThat(redis.isRunning()).isTrue();
			assertThat(redis.port()).isEqualTo(port);
			RedissonClient client = RedisHarnessTest.RedisClients.redisson(redis);
			try {
				client.getBucket("after-restart").set("ok");
				assertThat(client.<String>getBucket("after-restart").get()).isEqualTo("ok");
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void mysqlStoppedRefusesConnectionsAndKeepsItsDataWhenStartedAgain() throws Exception {
		try (RealMySql mysql = RealMySql.launch(MySqlOptions.defaults())) {
			mysql.createDatabase("fault");
			try (Connection c = mysql.connect("fault"); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
				s.execute("INSERT INTO t VALUES (1), (2), (3)");
			}

			mysql.stop();
			assertThat(mysql.isRunning()).isFalse();
			assertThatThrownBy(() -> mysql.connect("fault").close()).isInstanceOf(SQLException.class);

			mysql.start();
			try (Connection c = mysql.connect("fault"); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(3);
			}
		}
	}

	@Test
	void unknownModeIsAClearError() {
		assertThatThrownBy(() -> InfrastructureMode.parse("podman")).hasMessageContaining("auto, docker, local or embedded");
	}

}
