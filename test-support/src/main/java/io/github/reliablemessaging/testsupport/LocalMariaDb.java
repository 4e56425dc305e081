package io.github.reliablemessaging.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The machine's {@code mariadbd} started by the harness with its own data directory and port. */
final class LocalMariaDb implements RealMySql {

	private final Path dir;

	private final int port;

	private final boolean binlog;

	private final ManagedProcess process;

	private LocalMariaDb(Path dir, int port, boolean binlog, ManagedProcess process) {
		this.dir = dir;
		this.port = port;
		this.binlog = binlog;
		this.process = process;
	}

	static LocalMariaDb launch(MySqlOptions options) {
		Path mariadbd = Executables.find("mariadbd").orElseThrow();
		Path installDb = Executables.find("mariadb-install-db").orElseThrow();
		Path dir = WorkDirectories.create("mariadb");
		Path data = dir.resolve("data");
		// A private temp dir: with the default /tmp, installs running at the same time (other test JVMs) collide on
		// temp table names ("Could not remove temporary table '/tmp/#sql-temptable-...'").
		Path tmp = dir.resolve("tmp");
		int port = Ports.free();
		try {
			Files.createDirectories(tmp);
			Process install = new ProcessBuilder(installDb.toString(), "--no-defaults", "--datadir=" + data, "--user=root",
					"--auth-root-authentication-method=normal", "--skip-test-db", "--tmpdir=" + tmp)
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("install.log").toFile())
				.start();
			if (install.waitFor() != 0) {
				throw new IllegalStateException("mariadb-install-db failed; see " + dir.resolve("install.log"));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + installDb, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		List<String> command = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults", "--user=root",
				"--datadir=" + data, "--tmpdir=" + tmp, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
				"--pid-file=" + dir.resolve("mysqld.pid"), "--skip-name-resolve", "--innodb-buffer-pool-size=64M",
				"--innodb-log-file-size=48M", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
				"--max-connections=500", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
				"--server-id=" + options.effectiveServerId(port)));
		if (options.binlog()) {
			command.addAll(List.of("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL"));
		}
		LocalMariaDb server = new LocalMariaDb(dir, port, options.binlog(),
				new ManagedProcess("mariadbd:" + port, command, dir.resolve("mariadbd.log")));
		server.start();
		return server;
	}

	@Override
	public void start() {
		this.process.start(this::answers, Duration.ofSeconds(60));
	}

	private boolean answers() {
		try (Connection c = connect("")) {
			return c.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public void stop() {
		this.process.stop();
	}

	@Override
	public void kill() {
		this.process.kill();
	}

	@Override
	public boolean isRunning() {
		return this.process.isAlive() && answers();
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
		return "";
	}

	@Override
	public boolean binlog() {
		return this.binlog;
	}

	@Override
	public String description() {
		return "local mariadbd on port " + this.port;
	}

	@Override
	public void close() {
		this.process.stop();
		WorkDirectories.delete(this.dir);
	}

}
