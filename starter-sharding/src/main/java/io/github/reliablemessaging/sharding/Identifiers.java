package io.github.reliablemessaging.sharding;

import java.util.Objects;
import java.util.regex.Pattern;

/** Table and column names of the structured queries: plain identifiers, back-quoted by the store. */
final class Identifiers {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	private Identifiers() {
	}

	static String check(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (!PLAIN.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a plain identifier (letters, digits, _)");
		}
		return name;
	}

	static String quote(String name) {
		return "`" + name + "`";
	}

}
