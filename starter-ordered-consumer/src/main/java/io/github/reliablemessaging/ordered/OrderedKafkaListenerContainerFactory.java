package io.github.reliablemessaging.ordered;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Creates {@link OrderedMessageListenerContainer}s for {@code @KafkaListener} methods that opt in:
 *
 * <pre>{@code
 * @KafkaListener(id = "orders", topics = "orders", containerFactory = "orderedKafkaListenerContainerFactory")
 * void on(Order order) { ... }
 * }</pre>
 *
 * The worker count is, in order of precedence, {@code reliable.ordered.listeners.<id>.concurrency}, the annotation's
 * {@code concurrency}, {@code reliable.ordered.concurrency}. Batch listeners are refused.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class OrderedKafkaListenerContainerFactory<K, V>
		extends AbstractKafkaListenerContainerFactory<OrderedMessageListenerContainer<K, V>, K, V> {

	private OrderedSettings settings = OrderedSettings.defaults();

	private BackOff backOff;

	private ConsumerRecordRecoverer recoverer;

	private List<OrderedContainerInitializer> initializers = List.of();

	private Consumer<OrderedKafkaListenerContainerFactory<K, V>> deferred;

	/** @param settings defaults of every container (the annotation's concurrency and initializers may change them) */
	public void setSettings(OrderedSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
	}

	/** @return the defaults of every container */
	public OrderedSettings getSettings() {
		return this.settings;
	}

	/** @param backOff delays between the attempts of a failing record */
	public void setBackOff(BackOff backOff) {
		this.backOff = backOff;
	}

	/** @param recoverer takes records whose retries are exhausted, e.g. a {@code DeadLetterPublishingRecoverer} */
	public void setRecoverer(ConsumerRecordRecoverer recoverer) {
		this.recoverer = recoverer;
	}

	/** @param initializers applied to each new container, in order */
	public void setContainerInitializers(Collection<? extends OrderedContainerInitializer> initializers) {
		this.initializers = List.copyOf(initializers);
	}

	/**
	 * @param configuration applied once, just before the first container is created (the endpoint registry creates
	 * containers after every singleton exists): lets collaborators that depend on listener beans (a template, a
	 * converter defined next to the listeners) be looked up without a circular reference
	 */
	public void setDeferredConfiguration(Consumer<OrderedKafkaListenerContainerFactory<K, V>> configuration) {
		this.deferred = configuration;
	}

	private synchronized void applyDeferredConfiguration() {
		Consumer<OrderedKafkaListenerContainerFactory<K, V>> configuration = this.deferred;
		if (configuration != null) {
			this.deferred = null;
			configuration.accept(this);
		}
	}

	@Override
	protected OrderedMessageListenerContainer<K, V> createContainerInstance(KafkaListenerEndpoint endpoint) {
		applyDeferredConfiguration();
		if (Boolean.TRUE.equals(endpoint.getBatchListener())) {
			throw new IllegalStateException("Listener '" + endpoint.getId() + "' is a batch listener; the ordered container "
					+ "processes records one at a time per key: use a record listener or another container factory");
		}
		TopicPartitionOffset[] partitions = endpoint.getTopicPartitionsToAssign();
		ContainerProperties properties;
		if (partitions != null && partitions.length > 0) {
			properties = new ContainerProperties(partitions);
		}
		else {
			Collection<String> topics = endpoint.getTopics();
			Assert.state(topics != null, "'topics' must not be null");
			properties = topics.isEmpty() ? new ContainerProperties(endpoint.getTopicPattern())
					: new ContainerProperties(topics.toArray(new String[0]));
		}
		return new OrderedMessageListenerContainer<>(Objects.requireNonNull(getConsumerFactory(),
				"a consumer factory is required"), properties);
	}

	@Override
	protected void initializeContainer(OrderedMessageListenerContainer<K, V> instance, KafkaListenerEndpoint endpoint) {
		super.initializeContainer(instance, endpoint);
		OrderedSettings containerSettings = this.settings;
		Integer concurrency = endpoint.getConcurrency();
		if (concurrency != null) {
			containerSettings = containerSettings.withConcurrency(concurrency);
		}
		instance.setSettings(containerSettings);
		if (this.backOff != null) {
			instance.setBackOff(this.backOff);
		}
		if (this.recoverer != null) {
			instance.setRecoverer(this.recoverer);
		}
		for (OrderedContainerInitializer initializer : this.initializers) {
			initializer.initialize(instance);
		}
	}

}
