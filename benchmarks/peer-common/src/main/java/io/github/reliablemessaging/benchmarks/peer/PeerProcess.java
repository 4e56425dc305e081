package io.github.reliablemessaging.benchmarks.peer;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The main loop of a peer JVM. The runner talks to it through standard output (libraries log to standard error):
 * <ul>
 * <li>{@code --list}: one {@code SYSTEM <name> <client>} or {@code UNAVAILABLE <name> <reason>} line per system, then
 * exit;</li>
 * <li>otherwise the run's {@link PeerSettings}: {@value #BACKLOG_DONE} once every backlog record was handled (the runner
 * then produces the live records), then one {@link PeerResult} line after the system was closed, then exit. A run
 * that does not finish within its timeout still reports what it saw.</li>
 * </ul>
 */
public final class PeerProcess {

	/** Line announcing that the backlog has been handled. */
	public static final String BACKLOG_DONE = "BACKLOG_DONE";

	/** Prefix of a {@code --list} line naming a system that can run. */
	public static final String SYSTEM = "SYSTEM ";

	/** Prefix of a {@code --list} line naming a system that cannot run in this build. */
	public static final String UNAVAILABLE = "UNAVAILABLE ";

	private PeerProcess() {
	}

	/**
	 * Runs the command in {@code args} and exits the JVM (consumer libraries may leave non-daemon threads behind).
	 * @param args {@code --list} or {@link PeerSettings} arguments
	 * @param systems the systems this peer JVM can run, by name
	 */
	public static void run(String[] args, Map<String, Supplier<ConsumerSystem>> systems) {
		PrintStream out = System.out;
		int status = 0;
		try {
			if (args.length == 1 && args[0].equals("--list")) {
				list(systems, out);
			}
			else {
				measure(PeerSettings.parse(args), systems, out);
			}
		}
		catch (Throwable ex) {
			System.err.println("Peer failed: " + ex);
			ex.printStackTrace();
			status = 1;
		}
		out.flush();
		System.exit(status);
	}

	private static void list(Map<String, Supplier<ConsumerSystem>> systems, PrintStream out) {
		systems.forEach((name, factory) -> {
			ConsumerSystem system = factory.get();
			out.println(system.available() ? SYSTEM + name + " " + system.client()
					: UNAVAILABLE + name + " " + system.unavailableReason());
		});
	}

	private static void measure(PeerSettings settings, Map<String, Supplier<ConsumerSystem>> systems, PrintStream out)
			throws Exception {
		Supplier<ConsumerSystem> factory = systems.get(settings.system());
		if (factory == null) {
			throw new IllegalArgumentException("This peer runs " + systems.keySet() + ", not '" + settings.system() + "'");
		}
		ConsumerSystem system = factory.get();
		if (!system.available()) {
			throw new IllegalStateException(settings.system() + " cannot run: " + system.unavailableReason());
		}
		RecordChecker checker = new RecordChecker(settings);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
		boolean backlogDone = false;
		try {
			system.start(settings, checker);
			backlogDone = checker.awaitBacklog(remaining(deadline), TimeUnit.NANOSECONDS);
			if (backlogDone) {
				out.println(BACKLOG_DONE);
				out.flush();
				checker.awaitLive(remaining(deadline), TimeUnit.NANOSECONDS);
			}
			else {
				System.err.println("Backlog not handled within " + settings.timeoutSeconds() + " s");
			}
		}
		finally {
			try {
				system.close();
			}
			catch (Exception ex) {
				System.err.println("Closing " + settings.system() + " failed: " + ex);
			}
		}
		out.println(checker.result(backlogDone, system.client()).toLine());
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
