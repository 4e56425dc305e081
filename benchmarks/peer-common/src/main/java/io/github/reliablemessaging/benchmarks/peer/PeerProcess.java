package io.github.reliablemessaging.benchmarks.peer;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The main loop of a peer JVM. Protocol on standard output (everything else goes to standard error):
 * {@code BACKLOG_DONE} once every backlog record was handled (the runner then produces the live records), then one
 * {@link PeerResult} line, then the JVM exits.
 */
public final class PeerProcess {

	/** Line announcing that the backlog has been consumed. */
	public static final String BACKLOG_DONE = "BACKLOG_DONE";

	private PeerProcess() {
	}

	/**
	 * Runs one measurement and exits the JVM.
	 * @param args {@link PeerSettings} arguments
	 * @param systems the systems this peer JVM can run, by name
	 */
	public static void run(String[] args, Map<String, Supplier<ConsumerSystem>> systems) {
		int status = 0;
		try {
			PeerSettings settings = PeerSettings.parse(args);
			Supplier<ConsumerSystem> factory = systems.get(settings.system());
			if (factory == null) {
				throw new IllegalArgumentException(
						"This peer runs " + systems.keySet() + ", not '" + settings.system() + "'");
			}
			RecordChecker checker = new RecordChecker(settings);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
			ConsumerSystem system = factory.get();
			try {
				system.start(settings, checker);
				if (checker.awaitBacklog(remaining(deadline), TimeUnit.NANOSECONDS)) {
					System.out.println(BACKLOG_DONE);
					System.out.flush();
					checker.awaitLive(remaining(deadline), TimeUnit.NANOSECONDS);
				}
			}
			finally {
				closeQuietly(system);
			}
			System.out.println(checker.result(system.client()).toLine());
			System.out.flush();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			status = 1;
		}
		// consumer libraries may leave non-daemon threads behind; the measurement is complete
		System.exit(status);
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	private static void closeQuietly(ConsumerSystem system) {
		try {
			system.close();
		}
		catch (Exception ex) {
			System.err.println("Closing " + system.getClass().getSimpleName() + " failed: " + ex);
		}
	}

}
