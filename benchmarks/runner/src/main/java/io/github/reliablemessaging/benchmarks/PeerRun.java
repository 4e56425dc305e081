package io.github.reliablemessaging.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running peer JVM: its standard output arrives line by line (the protocol), its standard error goes to a log
 * file (or, without one, only its last lines are kept for error messages). Closing it kills the JVM if it still runs.
 */
public final class PeerRun implements AutoCloseable {

	// compared by identity: no line read from the peer can be this instance
	private static final String END = new String("<end of output>");

	private static final int ERROR_TAIL_LINES = 40;

	private final String label;

	private final Process process;

	private final Path logFile;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Deque<String> errorTail = new ArrayDeque<>();

	private boolean ended;

	private PeerRun(String label, Process process, Path logFile) {
		this.label = label;
		this.process = process;
		this.logFile = logFile;
	}

	static PeerRun start(String label, List<String> command, Path logFile) {
		ProcessBuilder builder = new ProcessBuilder(command);
		try {
			if (logFile != null) {
				Files.createDirectories(logFile.toAbsolutePath().getParent());
				builder.redirectError(logFile.toFile());
			}
			PeerRun run = new PeerRun(label, builder.start(), logFile);
			run.pump();
			return run;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start peer JVM " + label + ": " + String.join(" ", command), ex);
		}
	}

	private void pump() {
		Thread out = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process went away; END below tells the reader
			}
			finally {
				this.lines.add(END);
			}
		}, "bench-peer-out-" + this.label);
		out.setDaemon(true);
		out.start();
		if (this.logFile == null) {
			Thread err = new Thread(() -> {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(this.process.getErrorStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = reader.readLine()) != null) {
						synchronized (this.errorTail) {
							this.errorTail.addLast(line);
							if (this.errorTail.size() > ERROR_TAIL_LINES) {
								this.errorTail.removeFirst();
							}
						}
					}
				}
				catch (IOException ex) {
					// the process went away
				}
			}, "bench-peer-err-" + this.label);
			err.setDaemon(true);
			err.start();
		}
	}

	/**
	 * @param timeout the longest wait
	 * @return the next line of standard output, {@code null} at its end or when the timeout passed
	 * @throws IllegalStateException if interrupted
	 */
	public String nextLine(Duration timeout) {
		if (this.ended) {
			return null;
		}
		try {
			String line = this.lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
			if (line == END) {
				this.ended = true;
				return null;
			}
			return line;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.label, ex);
		}
	}

	/**
	 * Skips lines until one matches.
	 * @param matching what to wait for
	 * @param timeout the longest wait in total
	 * @return the matching line; empty when the output ended or the timeout passed first
	 */
	public Optional<String> awaitLine(Predicate<String> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return Optional.empty();
			}
			String line = nextLine(Duration.ofNanos(left));
			if (line == null) {
				return Optional.empty();
			}
			if (matching.test(line)) {
				return Optional.of(line);
			}
		}
	}

	/**
	 * @param timeout the longest wait
	 * @return the exit code; the JVM is killed first when it has not exited within the timeout ({@code -1})
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return this.process.exitValue();
			}
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.label, ex);
		}
	}

	/** @return where to look when the peer failed: the log file, or its last lines of standard error */
	public String errorTail() {
		if (this.logFile != null) {
			return "see " + this.logFile.toAbsolutePath();
		}
		synchronized (this.errorTail) {
			return String.join(System.lineSeparator(), this.errorTail);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
