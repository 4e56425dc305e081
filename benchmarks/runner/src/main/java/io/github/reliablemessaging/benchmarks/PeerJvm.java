package io.github.reliablemessaging.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A kind of peer JVM: a main class and a class path of its own (own dependency versions), as written at build time by
 * a peer module into {@code META-INF/reliable-benchmarks/<name>.classpath}. Every run of a system is a fresh JVM
 * started from it, with the same JVM options for every system.
 */
public final class PeerJvm {

	/** JVM options of every peer, identical for all systems. */
	public static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
			"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err");

	private final String name;

	private final String mainClass;

	private final String classPath;

	private PeerJvm(String name, String mainClass, String classPath) {
		this.name = name;
		this.mainClass = mainClass;
		this.classPath = classPath;
	}

	/**
	 * Loads the description of a peer JVM from the runner's class path.
	 * @param name e.g. {@code peers} or {@code parallel-consumer}
	 * @return the peer JVM
	 * @throws IllegalStateException if the peer module was not built, or its class path no longer exists
	 */
	public static PeerJvm named(String name) {
		String resource = "META-INF/reliable-benchmarks/" + name + ".classpath";
		List<String> lines;
		try (InputStream in = PeerJvm.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No peer '" + name + "' on the class path (" + resource
						+ "): build with ./mvnw -pl benchmarks/runner -am package -DskipTests");
			}
			lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.collect(Collectors.toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
		if (lines.size() != 3 || lines.stream().anyMatch((line) -> line.contains("${"))) {
			throw new IllegalStateException(resource + " was not filtered at build time: " + lines);
		}
		List<String> entries = new ArrayList<>();
		entries.add(lines.get(1));
		entries.addAll(List.of(lines.get(2).split(File.pathSeparator)));
		for (String entry : entries) {
			if (!Files.exists(Path.of(entry))) {
				throw new IllegalStateException("Peer '" + name + "' needs " + entry + ", which does not exist (any more): "
						+ "rebuild with ./mvnw -pl benchmarks/runner -am package -DskipTests");
			}
		}
		return new PeerJvm(name, lines.get(0), String.join(File.pathSeparator, entries));
	}

	/** @return the peer's name */
	public String name() {
		return this.name;
	}

	/**
	 * Asks the peer which systems it runs ({@code --list}).
	 * @param timeout how long the JVM may take
	 * @return the systems it can run (with their client versions) and the placeholders it cannot run (with why)
	 */
	public Listing list(Duration timeout) {
		try (PeerRun run = start("list", List.of("--list"), null)) {
			Map<String, String> available = new LinkedHashMap<>();
			Map<String, String> unavailable = new LinkedHashMap<>();
			String line;
			while ((line = run.nextLine(timeout)) != null) {
				String[] parts = line.split(" ", 3);
				if (parts.length == 3 && line.startsWith("SYSTEM ")) {
					available.put(parts[1], parts[2]);
				}
				else if (parts.length == 3 && line.startsWith("UNAVAILABLE ")) {
					unavailable.put(parts[1], parts[2]);
				}
			}
			int exit = run.awaitExit(timeout);
			if (exit != 0 || (available.isEmpty() && unavailable.isEmpty())) {
				throw new IllegalStateException("Peer '" + this.name + "' did not list its systems (exit " + exit + "): "
						+ run.errorTail());
			}
			return new Listing(available, unavailable);
		}
	}

	/**
	 * Starts the peer JVM.
	 * @param label names the run in logs and threads
	 * @param args program arguments
	 * @param logFile where the peer's standard error goes; {@code null} to keep only its tail in memory
	 * @return the running peer
	 */
	public PeerRun start(String label, List<String> args, Path logFile) {
		Objects.requireNonNull(label, "label must not be null");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.add("-cp");
		command.add(this.classPath);
		command.add(this.mainClass);
		command.addAll(args);
		return PeerRun.start(this.name + "-" + label, command, logFile);
	}

	/**
	 * The systems a peer JVM offers.
	 *
	 * @param available systems that can run, with the client versions they report
	 * @param unavailable placeholders, with the reason they cannot run
	 */
	public record Listing(Map<String, String> available, Map<String, String> unavailable) {
	}

}
