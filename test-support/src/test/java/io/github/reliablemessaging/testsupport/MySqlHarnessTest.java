package io.github.reliablemessaging.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(RealInfrastructureExtension.class)
class MySqlHarnessTest {

	@Test
	void writesAreReadBackAndAppearInTheRowBinlog(RealMySql mysql) throws Exception {
		mysql.createDatabase("harness");
		try (Connection c = mysql.connect("harness"); Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS item");
			s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
		}
		RealMySql.BinlogPosition before = mysql.binlogPosition();

		List<Object[]> rows = new CopyOnWriteArrayList<>();
		BinaryLogClient client = new BinaryLogClient(mysql.host(), mysql.port(), mysql.username(), mysql.password());
		client.setServerId(65_000 + (int) (System.nanoTime() % 1000));
		client.setBinlogFilename(before.file());
		client.setBinlogPosition(before.position());
		client.registerEventListener((event) -> {
			if (EventType.isWrite(event.getHeader().getEventType())) {
				rows.addAll(((WriteRowsEventData) event.getData()).getRows());
			}
		});
		client.connect(TimeUnit.SECONDS.toMillis(10));
		try {
			try (Connection c = mysql.connect("harness");
					PreparedStatement insert = c.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
				insert.setLong(1, 42);
				insert.setString(2, "answer");
				insert.executeUpdate();
			}
			try (Connection c = mysql.connect("harness");
					ResultSet rs = c.createStatement().executeQuery("SELECT name FROM item WHERE id = 42")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("answer");
			}
			assertThat(mysql.binlogPosition()).isNotEqualTo(before);
			await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !rows.isEmpty());
			assertThat(rows.get(0)[0]).isEqualTo(42L);
		}
		finally {
			client.disconnect();
		}
	}

	@Test
	void serversLaunchedAtTheSameMomentAllComeUp() throws Exception {
		// Several test JVMs (and the sample's three servers) install data directories at once; they must not share
		// temp files. Four at the same moment from one JVM reproduces what parallel JVMs did.
		int count = 4;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
		List<java.util.concurrent.Future<RealMySql>> launches = new java.util.ArrayList<>();
		java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
		for (int i = 0; i < count; i++) {
			launches.add(pool.submit(() -> {
				go.await();
				return RealMySql.launch(MySqlOptions.defaults());
			}));
		}
		go.countDown();
		List<RealMySql> servers = new java.util.ArrayList<>();
		try {
			for (java.util.concurrent.Future<RealMySql> launch : launches) {
				servers.add(launch.get(120, TimeUnit.SECONDS));
			}
			for (RealMySql server : servers) {
				try (Connection c = server.connect(""); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
					assertThat(rs.next()).isTrue();
				}
			}
			assertThat(servers).extracting(RealMySql::port).doesNotHaveDuplicates();
		}
		finally {
			servers.forEach(RealMySql::close);
			pool.shutdownNow();
		}
	}

}
