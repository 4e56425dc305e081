package io.github.reliablemessaging.ordered.internal;

import io.github.reliablemessaging.ordered.OrderedConsumerProperties;
import io.github.reliablemessaging.ordered.OrderedContainerInitializer;
import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;

import org.springframework.core.Ordered;
import org.springframework.util.backoff.BackOff;

/** Applies {@code reliable.ordered.listeners.<listenerId>.*} to the container of that listener; runs first. */
public final class ListenerPropertiesInitializer implements OrderedContainerInitializer, Ordered {

	private final OrderedConsumerProperties properties;

	/** @param properties the bound properties */
	public ListenerPropertiesInitializer(OrderedConsumerProperties properties) {
		this.properties = properties;
	}

	@Override
	public void initialize(OrderedMessageListenerContainer<?, ?> container) {
		String id = container.getListenerId();
		container.setSettings(this.properties.toSettings(id, container.getSettings()));
		BackOff backOff = this.properties.toBackOff(id);
		if (backOff != null) {
			container.setBackOff(backOff);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
