package io.github.reliablemessaging.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * MySQL 8.4 in Docker. The host port is fixed when the container is created so that it survives a stop and start
 * of the container (fault tests).
 */
final class DockerMySql implements RealMySql {

	static final String IMAGE = "mysql:8.4";

	private static final String PASSWORD = "test";

	private final MySQLContainer container;

	private final int port;

	private final boolean binlog;

	private DockerMySql(MySQLContainer container, int port, boolean binlog) {
		this.container = container;
		this.port = port;
		this.binlog = binlog;
	}

	static DockerMySql launch(MySqlOptions options) {
		int port = Ports.free();
		List<String> command = new ArrayList<>(List.of("--server-id=" + options.effectiveServerId(port),
				"--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin"));
		if (options.binlog()) {
			command.addAll(List.of("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
					"--gtid-mode=ON", "--enforce-gtid-consistency=ON"));
		}
		else {
			command.add("--skip-log-bin");
		}
		MySQLContainer container = new MySQLContainer(IMAGE).withUsername("root").withPassword(PASSWORD);
		container.setCommand(command.toArray(String[]::new));
		container.setPortBindings(List.of(port + ":3306"));
		container.start();
		return new DockerMySql(container, port, options.binlog());
	}

	@Override
	public void stop() {
		DockerClientFactory.instance().client().stopContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void start() {
		if (isRunning()) {
			return;
		}
		DockerClientFactory.instance().client().startContainerCmd(this.container.getContainerId()).exec();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!isRunning()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("MySQL container did not come back within 60 s");
			}
			ManagedProcess.sleep(200);
		}
	}

	@Override
	public void kill() {
		DockerClientFactory.instance().client().killContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public boolean isRunning() {
		try (Connection c = connect("")) {
			return c.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String username() {
		return "root";
	}

	@Override
	public String password() {
		return PASSWORD;
	}

	@Override
	public boolean binlog() {
		return this.binlog;
	}

	@Override
	public String description() {
		return "Docker " + IMAGE + " on port " + this.port;
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
