package io.github.reliablemessaging.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka cluster for a test: an in-JVM KRaft cluster, or a Testcontainers broker where Docker exists.
 *
 * <pre>{@code
 * try (RealKafka kafka = RealKafka.launch()) {
 *     kafka.createTopic("orders", 6);
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public interface RealKafka extends AutoCloseable {

	/** @return the {@code bootstrap.servers} value of the cluster */
	String bootstrapServers();

	/** @return number of brokers */
	int brokers();

	/** @return what runs the cluster, e.g. {@code "in-JVM KRaft, 1 broker"} */
	String description();

	@Override
	void close();

	/**
	 * Creates a topic (replication factor {@code min(3, brokers)}) and waits until it exists; an existing topic is
	 * kept as it is.
	 * @param name topic name
	 * @param partitions partition count
	 */
	default void createTopic(String name, int partitions) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			short replication = (short) Math.min(3, brokers());
			admin.createTopics(List.of(new NewTopic(name, partitions, replication))).all().get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create topic " + name, ex.getCause());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topic " + name, ex);
		}
	}

	/** @return names of the topics that exist (internal ones excluded) */
	default Set<String> topics() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().collect(Collectors.toSet());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not list topics", ex);
		}
	}

	/** @return client properties pointing at this cluster, a starting point for producers and consumers */
	default Map<String, Object> clientProperties() {
		Map<String, Object> props = new HashMap<>();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return props;
	}

	/**
	 * Starts a one-broker cluster in the mode in force ({@link InfrastructureMode#current()}).
	 * @return the running cluster
	 */
	static RealKafka launch() {
		return launch(1);
	}

	/**
	 * Starts a cluster of {@code brokers} brokers. Three brokers always run in the JVM (one KRaft controller, see
	 * INFRA notes); one broker runs in Docker in {@link InfrastructureMode#DOCKER}.
	 * @param brokers 1 to 5
	 * @return the running cluster
	 */
	static RealKafka launch(int brokers) {
		return launch(brokers, InfrastructureMode.current());
	}

	/**
	 * Starts a cluster in the given mode ({@link InfrastructureMode#DOCKER} runs one broker in Docker; every other
	 * mode runs the cluster in this JVM).
	 * @param brokers 1 to 5
	 * @param mode the mode
	 * @return the running cluster
	 */
	static RealKafka launch(int brokers, InfrastructureMode mode) {
		if (brokers < 1 || brokers > 5) {
			throw new IllegalArgumentException("brokers must be between 1 and 5, was " + brokers);
		}
		if (brokers == 1 && mode.resolved() == InfrastructureMode.DOCKER) {
			return DockerKafka.launch();
		}
		return InJvmKafka.launch(brokers);
	}

}
