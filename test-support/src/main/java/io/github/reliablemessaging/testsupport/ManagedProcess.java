package io.github.reliablemessaging.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process owned by the harness: started by it, logged to a file in its own directory, and the only
 * kind of process the harness ever stops or kills.
 */
final class ManagedProcess {

	private final String name;

	private final List<String> command;

	private final Path logFile;

	private Process process;

	ManagedProcess(String name, List<String> command, Path logFile) {
		this.name = name;
		this.command = List.copyOf(command);
		this.logFile = logFile;
	}

	synchronized void start(BooleanSupplier ready, Duration timeout) {
		if (isAlive()) {
			return;
		}
		try {
			Files.createDirectories(this.logFile.getParent());
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name + ": " + String.join(" ", this.command), ex);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " during start-up; see " + this.logFile + ":\n" + tail());
			}
			if (ready.getAsBoolean()) {
				return;
			}
			sleep(50);
		}
		this.process.destroyForcibly();
		throw new IllegalStateException(this.name + " was not ready within " + timeout + "; see " + this.logFile + ":\n" + tail());
	}

	/** Orderly stop (SIGTERM), waiting for the process to exit. */
	synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/** kill -9: no shutdown of any kind. */
	synchronized void kill() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
