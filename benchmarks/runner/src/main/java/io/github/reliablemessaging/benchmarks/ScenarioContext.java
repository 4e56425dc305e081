package io.github.reliablemessaging.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.RealRedis;

/**
 * What a scenario gets from the runner: the chosen size and repeats, real servers started on demand through
 * test-support (and stopped when the runner ends), peer JVMs, a directory for logs, and a progress log.
 */
public final class ScenarioContext implements AutoCloseable {

	private final Size size;

	private final int repeats;

	private final Set<String> systems;

	private final Path workDir;

	private final PrintStream log;

	private final List<AutoCloseable> started = new ArrayList<>();

	private final Map<String, PeerJvm> peers = new ConcurrentHashMap<>();

	private final List<String> infrastructure = new ArrayList<>();

	private RealKafka kafka;

	/**
	 * @param size the size
	 * @param repeats rounds per system, at least 1
	 * @param systems systems to run; empty for all
	 * @param workDir where peer logs go
	 * @param log progress output
	 */
	public ScenarioContext(Size size, int repeats, Set<String> systems, Path workDir, PrintStream log) {
		this.size = Objects.requireNonNull(size, "size must not be null");
		if (repeats < 1) {
			throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
		}
		this.repeats = repeats;
		this.systems = Set.copyOf(systems);
		this.workDir = Objects.requireNonNull(workDir, "workDir must not be null");
		this.log = Objects.requireNonNull(log, "log must not be null");
	}

	/** @return the size */
	public Size size() {
		return this.size;
	}

	/** @return rounds per system */
	public int repeats() {
		return this.repeats;
	}

	/**
	 * @param system a system name
	 * @return whether {@code --systems} selects it (all are selected when the option is absent)
	 */
	public boolean includes(String system) {
		return this.systems.isEmpty() || this.systems.contains(system);
	}

	/**
	 * Refuses a {@code --systems} selection that names systems the scenario does not have.
	 * @param known the scenario's systems
	 * @throws IllegalArgumentException naming the unknown systems and the known ones
	 */
	public void requireKnownSystems(Collection<String> known) {
		List<String> unknown = this.systems.stream().filter((name) -> !known.contains(name)).sorted().toList();
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown system(s) " + unknown + " for --systems; this scenario has " + known);
		}
	}

	/** @return a one-broker Kafka cluster shared by the scenarios of this run (in this JVM unless Docker is used) */
	public synchronized RealKafka kafka() {
		if (this.kafka == null) {
			log("starting Kafka");
			this.kafka = own(RealKafka.launch(1), "Kafka: %s", RealKafka::description);
		}
		return this.kafka;
	}

	/**
	 * Starts a MySQL-compatible server owned by this run.
	 * @param options server options (binlog, ...)
	 * @return the running server
	 */
	public RealMySql launchMySql(MySqlOptions options) {
		return own(RealMySql.launch(options), "MySQL: %s", RealMySql::description);
	}

	/** @return a Redis server owned by this run */
	public RealRedis launchRedis() {
		return own(RealRedis.launch(), "Redis: %s", RealRedis::description);
	}

	/**
	 * @param name a peer JVM's name
	 * @return the peer JVM
	 */
	public PeerJvm peer(String name) {
		return this.peers.computeIfAbsent(name, PeerJvm::named);
	}

	/** @return the directory for peer logs of this run (not part of the results) */
	public Path workDir() {
		return this.workDir;
	}

	/**
	 * Prints a progress line.
	 * @param format {@link String#format} pattern
	 * @param args its arguments
	 */
	public void log(String format, Object... args) {
		this.log.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " "
				+ String.format(Locale.ROOT, format, args));
		this.log.flush();
	}

	/** @return the servers started for this run, described (recorded with the machine facts) */
	public synchronized List<String> infrastructure() {
		return List.copyOf(this.infrastructure);
	}

	private synchronized <T extends AutoCloseable> T own(T server, String format, Function<T, String> describe) {
		this.started.add(server);
		String description = String.format(Locale.ROOT, format, describe.apply(server));
		this.infrastructure.add(description);
		log("%s ready", description);
		return server;
	}

	/** Stops every server this run started, newest first. */
	@Override
	public synchronized void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			try {
				this.started.get(i).close();
			}
			catch (Exception ex) {
				this.log.println("Stopping " + this.started.get(i) + " failed: " + ex);
			}
		}
		this.started.clear();
		this.kafka = null;
	}

}
