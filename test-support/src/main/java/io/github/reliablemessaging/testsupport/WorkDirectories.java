package io.github.reliablemessaging.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Data directories of servers the harness starts; each server gets its own and it is deleted on close. */
final class WorkDirectories {

	/** Base directory, overridable with {@code -Dreliable.test.workdir=...}. */
	static Path base() {
		String configured = System.getProperty("reliable.test.workdir");
		Path base = (configured != null && !configured.isBlank()) ? Path.of(configured)
				: Path.of(System.getProperty("java.io.tmpdir"), "reliable-test");
		try {
			return Files.createDirectories(base);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create " + base, ex);
		}
	}

	static Path create(String prefix) {
		try {
			return Files.createTempDirectory(base(), prefix + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a work directory under " + base(), ex);
		}
	}

	static void delete(Path dir) {
		if (dir == null || !Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: a leftover temp directory is harmless
		}
	}

	private WorkDirectories() {
	}

}
