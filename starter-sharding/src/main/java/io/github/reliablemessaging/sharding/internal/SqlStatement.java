package io.github.reliablemessaging.sharding.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a statement sent through the routing {@code DataSource} is, read from its leading keyword (comments skipped,
 * MySQL executable comments {@code /*! ... *}{@code /} read as code). Not a parser: it decides whether a statement
 * may run and how its transaction is fenced, and errs towards the stricter side. The database stays the judge of
 * read-only transactions, so a statement classified as a read that writes is refused by the server.
 *
 * @param kind what the statement does to the transaction
 * @param keyword the leading keyword, upper case
 * @param target the table an INSERT / REPLACE / UPDATE / DELETE writes, lower case, or null
 * @param identifiers every word and quoted identifier, lower case (to spot the tables a statement mentions)
 */
public record SqlStatement(Kind kind, String keyword, String target, Set<String> identifiers) {

	/** What a statement does. */
	public enum Kind {

		/** SELECT, SHOW, EXPLAIN, DESCRIBE, VALUES, TABLE, SET of a variable: runs in a read-only transaction. */
		READ,

		/** INSERT, UPDATE, DELETE, REPLACE, LOAD DATA, DO, WITH ... UPDATE/DELETE: runs in a fenced transaction. */
		WRITE,

		/** SET TRANSACTION ...: a characteristic of the next transaction; runs as is, outside any fence. */
		TRANSACTION_CHARACTERISTICS,

		/** SAVEPOINT, ROLLBACK TO, RELEASE SAVEPOINT: stays inside the current transaction. */
		SAVEPOINT,

		/** Anything else: transaction control, DDL, CALL, LOCK TABLES... refused. */
		REFUSED

	}

	private static final Set<String> READS = Set.of("SELECT", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "VALUES", "TABLE",
			"(");

	private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD", "DO");

	private static final Set<String> WRITE_WORDS = Set.of("insert", "update", "delete", "replace");

	private static final Set<String> MODIFIERS = Set.of("low_priority", "delayed", "high_priority", "ignore", "into",
			"quick", "from");

	private static final int CACHE_LIMIT = 10_000;

	private static final ConcurrentHashMap<String, SqlStatement> CACHE = new ConcurrentHashMap<>();

	/**
	 * @param sql a statement
	 * @return its classification (cached for the first {@value #CACHE_LIMIT} distinct statements)
	 */
	public static SqlStatement of(String sql) {
		SqlStatement cached = CACHE.get(sql);
		if (cached != null) {
			return cached;
		}
		SqlStatement statement = classify(sql);
		if (CACHE.size() < CACHE_LIMIT) {
			CACHE.put(sql, statement);
		}
		return statement;
	}

	/** @return true for statements that need no fence (transaction characteristics, savepoints) */
	public boolean passesThrough() {
		return this.kind == Kind.TRANSACTION_CHARACTERISTICS || this.kind == Kind.SAVEPOINT;
	}

	/**
	 * @param tables lower-case table names
	 * @return the first of them this statement mentions, or null
	 */
	public String mentionsAny(Set<String> tables) {
		for (String table : tables) {
			if (this.identifiers.contains(table)) {
				return table;
			}
		}
		return null;
	}

	private static SqlStatement classify(String sql) {
		List<String> words = tokens(sql);
		if (words.isEmpty()) {
			return new SqlStatement(Kind.REFUSED, "", null, Set.of());
		}
		Set<String> identifiers = new HashSet<>();
		for (String word : words) {
			identifiers.add(unquote(word).toLowerCase(Locale.ROOT));
		}
		String first = words.get(0).toUpperCase(Locale.ROOT);
		String second = (words.size() > 1) ? words.get(1).toUpperCase(Locale.ROOT) : "";
		String third = (words.size() > 2) ? words.get(2).toUpperCase(Locale.ROOT) : "";
		Kind kind;
		if (READS.contains(first)) {
			kind = containsWriteWord(words) ? Kind.WRITE : Kind.READ;
		}
		else if (WRITES.contains(first)) {
			kind = Kind.WRITE;
		}
		else if ("WITH".equals(first)) {
			kind = containsWriteWord(words) ? Kind.WRITE : Kind.READ;
		}
		else if ("SET".equals(first)) {
			if (identifiers.contains("autocommit")) {
				kind = Kind.REFUSED;
			}
			else if ("TRANSACTION".equals(second)
					|| (("SESSION".equals(second) || "LOCAL".equals(second)) && "TRANSACTION".equals(third))) {
				kind = Kind.TRANSACTION_CHARACTERISTICS;
			}
			else {
				kind = Kind.READ;
			}
		}
		else if ("SAVEPOINT".equals(first) || ("RELEASE".equals(first) && "SAVEPOINT".equals(second))
				|| ("ROLLBACK".equals(first) && ("TO".equals(second) || ("WORK".equals(second) && "TO".equals(third))))) {
			kind = Kind.SAVEPOINT;
		}
		else {
			kind = Kind.REFUSED;
		}
		return new SqlStatement(kind, first, (kind == Kind.WRITE) ? target(words) : null, Set.copyOf(identifiers));
	}

	private static boolean containsWriteWord(List<String> words) {
		for (String word : words) {
			if (WRITE_WORDS.contains(word.toLowerCase(Locale.ROOT)) && !word.startsWith("`")) {
				return true;
			}
		}
		return false;
	}

	private static String target(List<String> words) {
		String first = words.get(0).toUpperCase(Locale.ROOT);
		if (!Set.of("INSERT", "REPLACE", "UPDATE", "DELETE").contains(first)) {
			return null;
		}
		int i = 1;
		while (i < words.size() && MODIFIERS.contains(words.get(i).toLowerCase(Locale.ROOT))) {
			i++;
		}
		if (i >= words.size()) {
			return null;
		}
		String name = unquote(words.get(i));
		// schema.table arrives as three tokens: schema . table
		if (i + 2 < words.size() && ".".equals(words.get(i + 1))) {
			name = unquote(words.get(i + 2));
		}
		return name.toLowerCase(Locale.ROOT);
	}

	private static String unquote(String word) {
		return (word.length() > 1 && word.startsWith("`")) ? word.substring(1, word.length() - 1) : word;
	}

	/**
	 * Words, quoted identifiers (kept with their backquotes), {@code (} and {@code .}; string literals and comments
	 * dropped.
	 */
	static List<String> tokens(String sql) {
		List<String> out = new ArrayList<>();
		int n = sql.length();
		int i = 0;
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == ';' || c == ',') {
				i++;
			}
			else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				end = (end < 0) ? n : end;
				if (i + 2 < n && sql.charAt(i + 2) == '!') {
					// executable comment: the server runs its content (after an optional version number)
					int start = i + 3;
					while (start < end && Character.isDigit(sql.charAt(start))) {
						start++;
					}
					out.addAll(tokens(sql.substring(start, end)));
				}
				i = end + 2;
			}
			else if ((c == '-' && i + 2 < n && sql.charAt(i + 1) == '-' && Character.isWhitespace(sql.charAt(i + 2)))
					|| c == '#') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? n : end + 1;
			}
			else if (c == '\'' || c == '"') {
				i = skipLiteral(sql, i, c);
			}
			else if (c == '`') {
				int end = sql.indexOf('`', i + 1);
				end = (end < 0) ? n - 1 : end;
				out.add(sql.substring(i, end + 1));
				i = end + 1;
			}
			else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@') {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$'
						|| sql.charAt(i) == '@')) {
					i++;
				}
				out.add(sql.substring(start, i));
			}
			else {
				if (c == '(' || c == '.') {
					out.add(String.valueOf(c));
				}
				i++;
			}
		}
		return out;
	}

	private static int skipLiteral(String sql, int start, char quote) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return i;
	}

}
