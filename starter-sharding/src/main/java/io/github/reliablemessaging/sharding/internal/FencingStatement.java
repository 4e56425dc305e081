package io.github.reliablemessaging.sharding.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * A statement of a {@link FencingConnection}: every execution goes through the connection's fencing rule. Batches
 * of plain statements are fenced as a whole (as a write as soon as one of them writes).
 */
final class FencingStatement implements InvocationHandler {

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
			"executeBatch", "executeLargeBatch");

	private final FencingConnection connection;

	private final Object raw;

	private final SqlStatement prepared;

	private SqlStatement batch;

	FencingStatement(FencingConnection connection, Object raw, SqlStatement prepared) {
		this.connection = connection;
		this.raw = raw;
		this.prepared = prepared;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (EXECUTIONS.contains(name)) {
			SqlStatement statement = statementOf(name, args);
			if (statement == null) {
				return call(method, args); // an empty batch
			}
			return this.connection.execute(statement, () -> call(method, args));
		}
		switch (name) {
			case "addBatch":
				if (args != null && args.length == 1 && args[0] instanceof String sql) {
					SqlStatement added = this.connection.checked(sql);
					if (this.batch == null || added.kind() == SqlStatement.Kind.WRITE) {
						this.batch = added;
					}
				}
				return call(method, args);
			case "clearBatch":
				this.batch = null;
				return call(method, args);
			case "getConnection":
				return this.connection.proxy();
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(method, args);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(method, args);
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "FencingStatement[" + this.raw + "]";
			default:
				return call(method, args);
		}
	}

	private SqlStatement statementOf(String name, Object[] args) throws Throwable {
		if (args != null && args.length > 0 && args[0] instanceof String sql) {
			return this.connection.checked(sql);
		}
		if (this.prepared != null) {
			return this.prepared;
		}
		if (name.contains("Batch")) {
			SqlStatement pending = this.batch;
			this.batch = null;
			return pending;
		}
		throw new java.sql.SQLException("No SQL to execute");
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.raw, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
