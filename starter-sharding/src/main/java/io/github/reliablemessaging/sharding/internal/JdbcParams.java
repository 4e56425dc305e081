package io.github.reliablemessaging.sharding.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Binds parameters of the store's own statements. {@link LocalDateTime} goes as text: MySQL Connector/J takes
 * MariaDB for MySQL 5.5 and drops fractional seconds of bound date-times, silently; text keeps them on both servers
 * and means the same (Connector/J sends a LocalDateTime without time-zone conversion too).
 */
public final class JdbcParams {

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private JdbcParams() {
	}

	/**
	 * @param ps a statement
	 * @param first index of the first placeholder to bind
	 * @param values values in order
	 * @throws SQLException when the driver refuses a value
	 */
	public static void bind(PreparedStatement ps, int first, List<Object> values) throws SQLException {
		int index = first;
		for (Object value : values) {
			if (value instanceof LocalDateTime dateTime) {
				ps.setString(index++, DATE_TIME.format(dateTime));
			}
			else {
				ps.setObject(index++, value);
			}
		}
	}

}
