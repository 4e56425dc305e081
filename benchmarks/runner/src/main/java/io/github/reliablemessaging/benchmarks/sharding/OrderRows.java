package io.github.reliablemessaging.benchmarks.sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/** Bulk loading of the sharding scenarios' {@code orders} rows, before anything is measured. */
public final class OrderRows {

	private static final int BATCH = 2_000;

	private OrderRows() {
	}

	/**
	 * Inserts rows in batches, committing every {@value #BATCH} rows.
	 * @param dataSource where the rows go (one set, or the one-database reference)
	 * @param insertSql an INSERT with one parameter per row value, in order
	 * @param rows the rows' values
	 * @throws SQLException when a batch fails
	 */
	public static void insert(DataSource dataSource, String insertSql, List<Object[]> rows) throws SQLException {
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement ps = c.prepareStatement(insertSql)) {
				int n = 0;
				for (Object[] row : rows) {
					for (int i = 0; i < row.length; i++) {
						ps.setObject(i + 1, row[i]);
					}
					ps.addBatch();
					if (++n % BATCH == 0) {
						ps.executeBatch();
						c.commit();
					}
				}
				ps.executeBatch();
			}
			c.commit();
		}
	}

}
