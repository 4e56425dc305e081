package io.github.reliablemessaging.benchmarks.peers;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.github.reliablemessaging.benchmarks.peer.PeerSettings;

/**
 * Spring Kafka's {@link ConcurrentMessageListenerContainer} with {@code concurrency = partitions}: the usual way to
 * parallelise a {@code @KafkaListener} while keeping per-partition (and so per-key) order. Default ack mode
 * ({@code BATCH}: commit after the records of each poll).
 */
final class SpringKafkaSystem extends SpringContainerSystem {

	static final String NAME = "spring-kafka";

	@Override
	protected MessageListenerContainer createContainer(ConsumerFactory<String, String> consumerFactory,
			PeerSettings settings) {
		ContainerProperties properties = new ContainerProperties(settings.topics().toArray(String[]::new));
		properties.setAckMode(ContainerProperties.AckMode.BATCH);
		ConcurrentMessageListenerContainer<String, String> container = new ConcurrentMessageListenerContainer<>(
				consumerFactory, properties);
		container.setConcurrency(settings.partitions());
		container.setBeanName("bench-" + NAME);
		return container;
	}

	@Override
	protected String name() {
		return NAME;
	}

}
