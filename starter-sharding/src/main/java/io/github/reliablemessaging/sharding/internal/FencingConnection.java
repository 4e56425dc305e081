package io.github.reliablemessaging.sharding.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sharding.ShardContext;
import io.github.reliablemessaging.sharding.ShardingUsageException;
import io.github.reliablemessaging.sharding.SlotFrozenException;
import io.github.reliablemessaging.sharding.SlotMovedException;
import io.github.reliablemessaging.sharding.SlotState;

/**
 * A connection of one set handed out by the routing {@code DataSource} for one slot (or for no key). It enforces the
 * fencing rule: <em>every transaction on it begins with a shared-locked read of the slot's ownership row, before any
 * other statement of that transaction</em>.
 *
 * <ul>
 * <li>Manual commit: the first statement after {@code setAutoCommit(false)}, {@code commit()} or {@code rollback()}
 * is preceded by the fence. Read-write transactions wait in place while the slot is FROZEN (the fence is their only
 * statement so far, so rolling it back loses nothing); read-only ones ({@link Connection#setReadOnly}) begin with
 * {@code START TRANSACTION READ ONLY}, so the server refuses any write in them, and need no wait.</li>
 * <li>Auto-commit: each statement runs as its own transaction: {@code START TRANSACTION [READ ONLY]}, fence,
 * statement, {@code COMMIT}.</li>
 * <li>Transaction control, DDL, CALL and LOCK TABLES are refused, because they could end a transaction behind the
 * fence's back.</li>
 * <li>A connection obtained with no key bound is read-only (server enforced), and refuses statements that mention
 * sharded tables: their rows are spread over all sets.</li>
 * </ul>
 */
public final class FencingConnection implements InvocationHandler {

	static final String FENCE_SQL = "SELECT state FROM slot_owner WHERE slot = ? LOCK IN SHARE MODE";

	private final Connection raw;

	private final String set;

	private final int slot;

	private final StoreRuntime runtime;

	private final Connection proxy;

	private boolean autoCommit;

	private boolean readOnly;

	private boolean fenced;

	// no statement ran since the transaction boundary: a frozen fence may roll back and wait in place
	private boolean fresh = true;

	private List<FencingConnection> openList;

	private FencingConnection(Connection raw, String set, int slot, StoreRuntime runtime) throws SQLException {
		this.raw = raw;
		this.set = set;
		this.slot = slot;
		this.runtime = runtime;
		this.autoCommit = raw.getAutoCommit();
		this.readOnly = raw.isReadOnly();
		this.proxy = (Connection) Proxy.newProxyInstance(FencingConnection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, this);
		if (!this.autoCommit) {
			this.openList = OpenTransactions.add(this);
		}
	}

	/**
	 * @param raw a pooled connection of the set
	 * @param set the set's name
	 * @param slot the slot the connection serves, or -1 for a connection obtained with no key bound
	 * @param runtime the store's fence settings, tables and statistics
	 * @return the fencing proxy
	 * @throws SQLException when the connection cannot be read
	 */
	public static Connection wrap(Connection raw, String set, int slot, StoreRuntime runtime) throws SQLException {
		return new FencingConnection(raw, set, slot, runtime).proxy;
	}

	int slot() {
		return this.slot;
	}

	String set() {
		return this.set;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "setAutoCommit":
				setAutoCommit((Boolean) args[0]);
				return null;
			case "commit":
				this.fenced = false;
				this.fresh = true;
				this.raw.commit();
				return null;
			case "rollback":
				if (args == null || args.length == 0) {
					this.fenced = false;
					this.fresh = true;
				}
				return call(method, args);
			case "setReadOnly":
				this.readOnly = (Boolean) args[0];
				return call(method, args);
			case "close":
				closeConnection();
				return null;
			case "createStatement":
				return statement(call(method, args), Statement.class, null);
			case "prepareStatement":
				return statement(call(method, args), PreparedStatement.class, checked((String) args[0]));
			case "prepareCall":
				throw new ShardingUsageException("CALL is not supported on the sharded DataSource: a stored procedure"
						+ " can commit behind the storage fence");
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(method, args);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(method, args);
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "FencingConnection[set=" + this.set + ", slot=" + ((this.slot < 0) ? "none" : this.slot) + ", "
						+ this.raw + "]";
			default:
				return call(method, args);
		}
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.raw, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private void setAutoCommit(boolean on) throws SQLException {
		if (on == this.autoCommit) {
			this.raw.setAutoCommit(on);
			return;
		}
		this.raw.setAutoCommit(on);
		this.autoCommit = on;
		this.fenced = false;
		this.fresh = true;
		if (on) {
			leaveOpenTransactions();
		}
		else {
			this.openList = OpenTransactions.add(this);
		}
	}

	private void closeConnection() throws SQLException {
		leaveOpenTransactions();
		this.fenced = false;
		this.raw.close();
	}

	private void leaveOpenTransactions() {
		if (this.openList != null) {
			OpenTransactions.remove(this.openList, this);
			this.openList = null;
		}
	}

	private Object statement(Object rawStatement, Class<?> type, SqlStatement prepared) {
		Class<?> exposed = (rawStatement instanceof CallableStatement) ? CallableStatement.class : type;
		return Proxy.newProxyInstance(FencingConnection.class.getClassLoader(), new Class<?>[] { exposed },
				new FencingStatement(this, rawStatement, prepared));
	}

	/** Classifies a statement and refuses what may never run here. */
	SqlStatement checked(String sql) throws SQLException {
		SqlStatement statement = SqlStatement.of(sql);
		if (statement.kind() == SqlStatement.Kind.REFUSED) {
			throw new ShardingUsageException("'" + statement.keyword() + "' statements are not supported on the sharded"
					+ " DataSource (transaction control, DDL, CALL and LOCK TABLES could end a transaction behind the"
					+ " storage fence); use Connection.setAutoCommit/commit/rollback, and Flyway migrations for schema");
		}
		if (this.slot < 0) {
			if (statement.kind() == SqlStatement.Kind.WRITE) {
				throw new ShardingUsageException("No shard key is bound: writes need one (ShardedStore.bind(key) or"
						+ " @Sharded), and broadcast tables are written with BroadcastWriter");
			}
			String sharded = statement.mentionsAny(this.runtime.shardedTables());
			if (sharded != null) {
				throw new ShardingUsageException("No shard key is bound: '" + sharded + "' is a sharded table spread over"
						+ " all sets; bind a key (ShardedStore.bind / @Sharded) or query all sets with ScatterGather");
			}
		}
		else if (statement.target() != null && this.runtime.broadcastTables().contains(statement.target())) {
			throw new ShardingUsageException("'" + statement.target() + "' is a broadcast table, kept in full on every"
					+ " set; write it with BroadcastWriter, not through a shard-routed connection");
		}
		return statement;
	}

	/**
	 * Runs one statement under the fencing rule.
	 * @param statement the classified statement
	 * @param action the JDBC call
	 * @return its result
	 * @throws Throwable whatever the call or the fence throws
	 */
	Object execute(SqlStatement statement, Action action) throws Throwable {
		int bound = ShardContext.currentSlot();
		if (bound != this.slot && !(this.slot < 0 && bound < 0)) {
			throw new ShardingUsageException((this.slot < 0)
					? "This connection was obtained with no shard key bound, but slot " + bound + " is bound now; bind the"
							+ " key before the transaction starts (put @Sharded outside @Transactional)"
					: "This connection serves slot " + this.slot + " on set '" + this.set + "' but "
							+ ((bound < 0) ? "no shard key" : "slot " + bound) + " is bound now; a transaction belongs to"
							+ " one slot");
		}
		if (statement.passesThrough()) {
			return action.run();
		}
		this.runtime.statistics().query(this.set);
		boolean readOnlyTx = this.slot < 0 || this.readOnly;
		if (!this.autoCommit) {
			if (!this.fenced) {
				beginManual(readOnlyTx);
				this.fenced = true;
			}
			this.fresh = false;
			try {
				return action.run();
			}
			catch (SQLException ex) {
				if (endedTransaction(ex)) {
					// the server rolled the whole transaction back: the next statement starts a new one, fence it
					this.fenced = false;
				}
				throw ex;
			}
		}
		boolean readOnlyStatement = readOnlyTx || statement.kind() == SqlStatement.Kind.READ;
		run(readOnlyStatement ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
		try {
			if (this.slot >= 0) {
				fence(readOnlyStatement, true);
			}
			Object result = action.run();
			run("COMMIT");
			return result;
		}
		catch (Throwable ex) {
			rollbackQuietly(ex);
			throw ex;
		}
	}

	// deadlock (40001 / 1213) rolls back the transaction; a lock wait timeout (1205) may, with innodb_rollback_on_timeout
	private static boolean endedTransaction(SQLException ex) {
		return "40001".equals(ex.getSQLState()) || ex.getErrorCode() == 1213 || ex.getErrorCode() == 1205;
	}

	private void beginManual(boolean readOnlyTx) throws SQLException {
		if (readOnlyTx && this.fresh) {
			run("START TRANSACTION READ ONLY");
		}
		if (this.slot >= 0) {
			try {
				fence(readOnlyTx, false);
			}
			catch (SQLException ex) {
				// nothing but the fence ran in this transaction; end it so that no lock outlives the refusal
				rollbackQuietly(ex);
				throw ex;
			}
		}
	}

	/**
	 * Reads the ownership row with a shared lock. While FROZEN, a writer rolls back (the fence is all it did), waits
	 * and reads again, up to the freeze wait.
	 */
	private void fence(boolean readOnlyTx, boolean explicitTransaction) throws SQLException {
		long start = System.nanoTime();
		Duration wait = this.runtime.freezeWait();
		boolean counted = false;
		while (true) {
			String state = ownershipState();
			if (SlotState.OWNED.name().equals(state) || (readOnlyTx && SlotState.FROZEN.name().equals(state))) {
				if (counted) {
					this.runtime.statistics().freezeWaited(System.nanoTime() - start);
				}
				return;
			}
			if (!SlotState.FROZEN.name().equals(state)) {
				if (counted) {
					this.runtime.statistics().freezeWaited(System.nanoTime() - start);
				}
				throw new SlotMovedException(this.set, this.slot, (state != null) ? state : "none");
			}
			counted = true;
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			if (waited.compareTo(wait) >= 0 || (!explicitTransaction && !this.fresh)) {
				this.runtime.statistics().freezeWaited(System.nanoTime() - start);
				throw new SlotFrozenException(this.set, this.slot, waited);
			}
			if (explicitTransaction) {
				run("ROLLBACK");
			}
			else {
				this.raw.rollback();
			}
			sleep(this.runtime.freezeRetryInterval());
			if (explicitTransaction) {
				run("START TRANSACTION");
			}
		}
	}

	private String ownershipState() throws SQLException {
		try (PreparedStatement ps = this.raw.prepareStatement(FENCE_SQL)) {
			ps.setInt(1, this.slot);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	private void run(String sql) throws SQLException {
		try (Statement s = this.raw.createStatement()) {
			s.execute(sql);
		}
	}

	private void rollbackQuietly(Throwable cause) {
		try {
			if (this.autoCommit) {
				run("ROLLBACK");
			}
			else {
				this.raw.rollback();
				this.fenced = false;
				this.fresh = true;
			}
		}
		catch (SQLException ex) {
			cause.addSuppressed(ex);
		}
	}

	private static void sleep(Duration interval) throws SQLException {
		try {
			TimeUnit.NANOSECONDS.sleep(interval.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting for a frozen slot", ex);
		}
	}

	/** A JDBC call. */
	@FunctionalInterface
	interface Action {

		Object run() throws Throwable;

	}

	Connection proxy() {
		return this.proxy;
	}

}
