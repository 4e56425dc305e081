package io.github.reliablemessaging.ordered;

/**
 * Configures each container an {@link OrderedKafkaListenerContainerFactory} creates, after the factory's own
 * settings and before the user's {@code ContainerCustomizer}. The auto-configuration contributes per-listener
 * properties, runtime switches and meters this way; initializers run in {@code @Order} order.
 */
@FunctionalInterface
public interface OrderedContainerInitializer {

	/** @param container a new container, not started */
	void initialize(OrderedMessageListenerContainer<?, ?> container);

}
