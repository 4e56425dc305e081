package io.github.reliablemessaging.sharding;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of a scatter-gather result: column label (or alias) -> value as the JDBC driver returned it. */
public final class Row {

	private final Map<String, Object> values;

	Row(Map<String, Object> values) {
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/**
	 * @param column a column label or alias
	 * @return its value, possibly null
	 * @throws IllegalArgumentException for a column the row does not have
	 */
	public Object get(String column) {
		if (!this.values.containsKey(column)) {
			throw new IllegalArgumentException("No column '" + column + "' in " + this.values.keySet());
		}
		return this.values.get(column);
	}

	/**
	 * @param column a numeric column
	 * @return its value as a long, null for SQL NULL
	 */
	public Long getLong(String column) {
		Object value = get(column);
		return (value != null) ? ((Number) value).longValue() : null;
	}

	/**
	 * @param column a numeric column
	 * @return its value as a BigDecimal, null for SQL NULL
	 */
	public BigDecimal getBigDecimal(String column) {
		Object value = get(column);
		if (value == null || value instanceof BigDecimal) {
			return (BigDecimal) value;
		}
		return new BigDecimal(value.toString());
	}

	/** @return the values by column, in select order */
	public Map<String, Object> asMap() {
		return this.values;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Row row && row.values.equals(this.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
