package io.github.reliablemessaging.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A consumer group and an idempotency key as stored: values longer than {@link #MAX_LENGTH} characters are
 * replaced by {@value #HASH_PREFIX} followed by the hex SHA-256 of their UTF-8 bytes, so that the unique index
 * fits the utf8mb4 index limits of MySQL and MariaDB. A value that itself starts with the prefix is hashed too,
 * so a stored value carrying the prefix is always a hash and a raw key can never equal another key's hash.
 *
 * @param group the consumer group, normalised
 * @param key the key, normalised
 */
public record IdempotencyKey(String group, String key) {

	/** Longest value stored as it is, in characters (at most 764 UTF-8 bytes: the columns are {@code VARBINARY(764)}). */
	public static final int MAX_LENGTH = 191;

	/** Prefix of hashed values. */
	public static final String HASH_PREFIX = "~sha256:";

	/**
	 * Checks that both parts are normalised.
	 * @param group the consumer group
	 * @param key the key
	 */
	public IdempotencyKey {
		Objects.requireNonNull(group, "group must not be null");
		Objects.requireNonNull(key, "key must not be null");
		if (!isNormalised(group) || !isNormalised(key)) {
			throw new IllegalArgumentException("group and key must be normalised: use IdempotencyKey.of(group, key)");
		}
	}

	/**
	 * @param group the consumer group, any length
	 * @param key the key, any length, not blank
	 * @return the key as stored
	 */
	public static IdempotencyKey of(String group, String key) {
		Objects.requireNonNull(group, "group must not be null");
		Objects.requireNonNull(key, "key must not be null");
		if (group.isBlank() || key.isBlank()) {
			throw new IllegalArgumentException("group and key must not be blank");
		}
		return new IdempotencyKey(normalise(group), normalise(key));
	}

	/**
	 * @param value a group or key
	 * @return the value as stored
	 */
	public static String normalise(String value) {
		if (value.length() <= MAX_LENGTH && !value.startsWith(HASH_PREFIX)) {
			return value;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HASH_PREFIX + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	private static boolean isNormalised(String value) {
		return value.startsWith(HASH_PREFIX) ? value.length() == HASH_PREFIX.length() + 64 : value.length() <= MAX_LENGTH;
	}

	@Override
	public String toString() {
		return this.group + "/" + this.key;
	}

}
