package io.github.reliablemessaging.sharding;

import java.util.List;
import java.util.Objects;

/** The WHERE part of a scatter-gather query: SQL with {@code ?} placeholders and their values. */
final class QueryPredicate {

	String sql;

	List<Object> params = List.of();

	void set(String predicate, Object... values) {
		Objects.requireNonNull(predicate, "predicate must not be null");
		if (predicate.contains(";")) {
			throw new IllegalArgumentException("A predicate is one SQL condition, without ';'");
		}
		this.sql = predicate;
		this.params = java.util.Arrays.asList(values.clone());
	}

}
