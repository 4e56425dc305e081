package io.github.reliablemessaging.ops.drain;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Makes the drain container of a listener: a container of the same kind, from the application's container factory
 * that makes the listener's kind (Spring's {@code ConcurrentMessageListenerContainer}, the ordered container, ...),
 * so it has the same error handling, and runs the listener's own message listener (the {@code @KafkaListener}
 * method with its conversion, idempotency and ordering).
 */
final class DrainContainers {

	private final ListableBeanFactory beans;

	DrainContainers(ListableBeanFactory beans) {
		this.beans = beans;
	}

	/**
	 * @param original the listener's container
	 * @return bean name of the factory that makes containers of its class, or null
	 */
	@SuppressWarnings("rawtypes")
	String factoryFor(MessageListenerContainer original) {
		Map<String, AbstractKafkaListenerContainerFactory> factories = this.beans.getBeansOfType(
				AbstractKafkaListenerContainerFactory.class, false, false);
		String found = null;
		for (Map.Entry<String, AbstractKafkaListenerContainerFactory> entry : factories.entrySet()) {
			Class<?> made = ResolvableType.forInstance(entry.getValue())
				.as(AbstractKafkaListenerContainerFactory.class)
				.getGeneric(0)
				.resolve();
			if (made != null && made.equals(original.getClass())) {
				if (found == null || entry.getKey().equals("kafkaListenerContainerFactory")) {
					found = entry.getKey();
				}
			}
		}
		return found;
	}

	/** @return the container's consumer threads (workers for the ordered container), 1 if it has no such setting */
	static int concurrency(MessageListenerContainer container) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(container);
		if (wrapper.isReadableProperty("concurrency") && wrapper.getPropertyValue("concurrency") instanceof Integer n) {
			return n;
		}
		return 1;
	}

	/**
	 * @param original the listener's container
	 * @param state the drain
	 * @param factoryName from {@link #factoryFor}
	 * @return a new, not started container for the drain topic
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	MessageListenerContainer create(MessageListenerContainer original, DrainState state, String factoryName) {
		AbstractKafkaListenerContainerFactory factory = this.beans.getBean(factoryName, AbstractKafkaListenerContainerFactory.class);
		MessageListenerContainer created = factory.createContainer(state.drainTopic());
		if (!(created instanceof AbstractMessageListenerContainer<?, ?> container)) {
			throw new IllegalStateException("factory " + factoryName + " made a " + created.getClass().getName());
		}
		container.setBeanName(state.listenerId() + ".drain");
		container.setAutoStartup(false);
		container.getContainerProperties().setGroupId(state.drainGroup());
		Properties consumer = new Properties();
		Properties own = original.getContainerProperties().getKafkaConsumerProperties();
		if (own != null) {
			consumer.putAll(own);
		}
		// forwarded records come in transactions: never show aborted ones; a new drain group starts at the beginning
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// k x the consumers join at once: short heartbeats let each of their rebalances settle in well under a second
		consumer.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
		// and incremental rebalances: consumers that have partitions keep them while the others join
		consumer.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		container.getContainerProperties().setKafkaConsumerProperties(consumer);
		container.setupMessageListener(original.getContainerProperties().getMessageListener());
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(container);
		if (wrapper.isWritableProperty("concurrency")) {
			wrapper.setPropertyValue("concurrency", state.concurrency());
		}
		return container;
	}

}
