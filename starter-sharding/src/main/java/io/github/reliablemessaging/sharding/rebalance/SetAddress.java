package io.github.reliablemessaging.sharding.rebalance;

import java.net.URI;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.reliablemessaging.sharding.ShardingException;

/**
 * Where a set's binlog is read: its server, credentials (the user needs {@code REPLICATION SLAVE, REPLICATION
 * CLIENT}, on MariaDB also {@code BINLOG MONITOR}) and schema.
 *
 * @param set the set's name
 * @param host server host
 * @param port server port
 * @param username user
 * @param password password
 * @param database the set's schema (row events of other schemas on the server are ignored)
 */
public record SetAddress(String set, String host, int port, String username, String password, String database) {

	/**
	 * Reads the address from a HikariCP pool's JDBC URL ({@code jdbc:mysql://host:port/db?...} or
	 * {@code jdbc:mariadb://...}).
	 * @param set the set's name
	 * @param dataSource its pool
	 * @return the address
	 * @throws ShardingException when the pool is not a HikariCP pool with such a URL
	 */
	public static SetAddress of(String set, DataSource dataSource) {
		Objects.requireNonNull(dataSource, "dataSource must not be null");
		if (!(dataSource instanceof HikariDataSource hikari) || hikari.getJdbcUrl() == null) {
			throw new ShardingException("Cannot tell the server of set '" + set + "' for binlog capture: its DataSource is"
					+ " not a HikariCP pool with a JDBC URL; give the Rebalancer a SetAddress for it");
		}
		String url = hikari.getJdbcUrl();
		int scheme = url.indexOf("://");
		if (!url.startsWith("jdbc:") || scheme < 0) {
			throw new ShardingException("Cannot parse the JDBC URL of set '" + set + "': " + url);
		}
		URI uri = URI.create("mysql" + url.substring(scheme));
		String path = (uri.getPath() != null) ? uri.getPath().replaceFirst("^/", "") : "";
		if (uri.getHost() == null || path.isEmpty()) {
			throw new ShardingException("The JDBC URL of set '" + set + "' names no host or schema: " + url);
		}
		return new SetAddress(set, uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 3306, hikari.getUsername(),
				hikari.getPassword(), path);
	}

	@Override
	public String toString() {
		return this.set + " (" + this.host + ":" + this.port + "/" + this.database + ")";
	}

}
