package io.github.reliablemessaging.benchmarks.peer;

/**
 * One consumer implementation under measurement, running inside a peer JVM. It subscribes to
 * {@link PeerSettings#topics()} with the group {@link PeerSettings#groupId()} using
 * {@link PeerSettings#consumerProperties()} (earliest offset, auto-commit off), and passes every record it delivers to
 * its handler to {@link RecordChecker#handle(String)}, on whatever thread the system processes it.
 *
 * <p>Adding a system: implement this interface in the peer module whose Kafka client version it needs, and register
 * it by name in that module's main class; then list it in the scenario's system catalogue in the runner.
 */
public interface ConsumerSystem extends AutoCloseable {

	/**
	 * Starts consuming; may return before records flow.
	 * @param settings what to consume and with how many threads or workers
	 * @param checker the handler to call once per delivered record
	 * @throws Exception if the system cannot start
	 */
	void start(PeerSettings settings, RecordChecker checker) throws Exception;

	/**
	 * Client libraries this system runs with, as found on the class path at run time.
	 * @return e.g. {@code kafka-clients 4.2.1, spring-kafka 4.1.2}
	 */
	String client();

	/**
	 * Whether this system can run in this build; a system whose library is not built yet answers {@code false} and the
	 * runner reports it as skipped with {@link #unavailableReason()}.
	 * @return {@code true} unless the system is a placeholder
	 */
	default boolean available() {
		return true;
	}

	/** @return why {@link #available()} is {@code false}; empty otherwise */
	default String unavailableReason() {
		return "";
	}

	/**
	 * Stops consuming, commits what the system commits on shutdown, and releases its consumers.
	 * @throws Exception if closing fails
	 */
	@Override
	void close() throws Exception;

}
