package io.github.reliablemessaging.idempotency.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validates the configurable table name before it is put into SQL text. */
final class TableName {

	private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,54}");

	private TableName() {
	}

	static String check(String tableName) {
		Objects.requireNonNull(tableName, "tableName must not be null");
		if (!VALID.matcher(tableName).matches()) {
			throw new IllegalArgumentException("idempotency table name must be a letter or '_' followed by letters, "
					+ "digits or '_', at most 55 characters; was '" + tableName + "'");
		}
		return tableName;
	}

}
