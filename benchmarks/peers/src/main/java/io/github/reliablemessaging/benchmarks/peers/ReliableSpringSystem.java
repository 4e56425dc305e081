package io.github.reliablemessaging.benchmarks.peers;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.ordered.OrderedKafkaListenerContainerFactory;
import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;

/**
 * This project's ordered consumer the way a Spring application gets it: an {@code OrderedMessageListenerContainer}
 * created by {@link OrderedKafkaListenerContainerFactory} (what {@code containerFactory =
 * "orderedKafkaListenerContainerFactory"} selects), with a record {@code MessageListener} and the same settings as
 * {@code reliable}. Measures what the Spring container layer (listener invocation, record binding) adds to the core.
 */
final class ReliableSpringSystem extends SpringContainerSystem {

	static final String NAME = "reliable-spring";

	@Override
	protected MessageListenerContainer createContainer(ConsumerFactory<String, String> consumerFactory,
			PeerSettings settings) {
		OrderedKafkaListenerContainerFactory<String, String> factory = new OrderedKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setSettings(ReliableSettings.of(settings));
		OrderedMessageListenerContainer<String, String> container = factory.createContainer(settings.topics().toArray(String[]::new));
		container.setBeanName("bench-" + NAME);
		return container;
	}

	@Override
	public String client() {
		return super.client() + ", " + ReliableSettings.moduleVersion();
	}

	@Override
	protected String name() {
		return NAME;
	}

}
