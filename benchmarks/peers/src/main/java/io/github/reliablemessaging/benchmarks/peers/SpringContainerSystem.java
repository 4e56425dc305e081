package io.github.reliablemessaging.benchmarks.peers;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.github.reliablemessaging.benchmarks.peer.ClientVersions;
import io.github.reliablemessaging.benchmarks.peer.ConsumerSystem;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.benchmarks.peer.RecordChecker;

/**
 * A system that is a Spring Kafka {@link MessageListenerContainer} running a record listener, built the way an
 * application's container factory would build it: same consumer factory, same listener, only the container differs.
 */
abstract class SpringContainerSystem implements ConsumerSystem {

	private MessageListenerContainer container;

	@Override
	public final void start(PeerSettings settings, RecordChecker checker) {
		ConsumerFactory<String, String> consumerFactory = new DefaultKafkaConsumerFactory<>(
				settings.consumerProperties(name()));
		this.container = createContainer(consumerFactory, settings);
		this.container.setupMessageListener((MessageListener<String, String>) (record) -> checker.handle(record.value()));
		this.container.start();
	}

	/**
	 * Creates the container, not started, for {@link PeerSettings#topics()}.
	 * @param consumerFactory consumers configured with {@link PeerSettings#consumerProperties(String)}
	 * @param settings the run's settings ({@link PeerSettings#partitions()}, {@link PeerSettings#workers()})
	 * @return the container; the listener is set up by the caller
	 */
	protected abstract MessageListenerContainer createContainer(ConsumerFactory<String, String> consumerFactory,
			PeerSettings settings);

	/** @return the system's name, used as client id and thread name prefix */
	protected abstract String name();

	@Override
	public String client() {
		return KafkaClient.version() + ", " + ClientVersions.of(MessageListenerContainer.class, "spring-kafka");
	}

	@Override
	public void close() {
		if (this.container != null) {
			// synchronous: returns once the consumers committed and closed
			this.container.stop();
		}
	}

}
