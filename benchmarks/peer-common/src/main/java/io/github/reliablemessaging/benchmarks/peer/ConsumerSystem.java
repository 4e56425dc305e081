package io.github.reliablemessaging.benchmarks.peer;

/**
 * One consumer implementation under measurement. It subscribes to {@link PeerSettings#topics()} with
 * {@link PeerSettings#groupId()} from the earliest offset, with auto-commit off, and calls
 * {@link RecordChecker#handle} for every record it delivers to its handler. Adding a system to the benchmark is one
 * class implementing this interface plus a line in the peer's main class and in the runner's system list.
 */
public interface ConsumerSystem extends AutoCloseable {

	/**
	 * Starts consuming; returns once the consumer threads run.
	 * @param settings what to consume
	 * @param checker the handler to call per record
	 * @throws Exception if the system cannot start
	 */
	void start(PeerSettings settings, RecordChecker checker) throws Exception;

	/** @return client library versions, e.g. {@code kafka-clients 4.2.1, spring-kafka 4.1.2} */
	String client();

	/**
	 * Stops consuming and releases the consumer(s).
	 * @throws Exception if closing fails
	 */
	@Override
	void close() throws Exception;

}
