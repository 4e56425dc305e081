package io.github.reliablemessaging.sharding;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.reliablemessaging.sharding.internal.FencingConnection;

/**
 * The routing {@code DataSource} of a {@link ShardedStore}: a connection of the set that owns the slot of the
 * {@link ShardContext} bound to the calling thread, wrapped so that every transaction on it is fenced on that slot.
 * With no key bound it hands out a read-only connection of the keyless set, for framework start-up (JDBC metadata)
 * and reads of broadcast tables; statements on sharded tables are refused there.
 *
 * <p>Spring Data JPA, JdbcTemplate and transaction managers work on top of it unchanged.
 */
public final class ShardedDataSource implements DataSource {

	private final ShardedStore store;

	ShardedDataSource(ShardedStore store) {
		this.store = store;
	}

	/** @return the store this DataSource routes for */
	public ShardedStore store() {
		return this.store;
	}

	@Override
	public Connection getConnection() throws SQLException {
		int slot = ShardContext.currentSlot();
		String set = (slot < 0) ? this.store.keylessSet() : this.store.router().table().setOf(slot);
		Connection raw = this.store.setDataSource(set).getConnection();
		try {
			return FencingConnection.wrap(raw, set, slot, this.store.runtime());
		}
		catch (SQLException | RuntimeException ex) {
			raw.close();
			throw ex;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("The sharded DataSource uses the credentials configured per set");
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
		// sets log through their pools
	}

	@Override
	public void setLoginTimeout(int seconds) {
		// configured per set
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw new SQLException("ShardedDataSource does not wrap " + iface.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	@Override
	public String toString() {
		return "ShardedDataSource" + this.store.setNames();
	}

}
