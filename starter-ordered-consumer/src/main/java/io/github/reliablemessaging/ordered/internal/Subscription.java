package io.github.reliablemessaging.ordered.internal;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * What an engine consumes: topics or a pattern with group management, or fixed partitions.
 *
 * @param topics topic names (group management)
 * @param pattern topic pattern (group management)
 * @param partitions fixed partitions (no group management, no rebalances)
 */
public record Subscription(List<String> topics, Pattern pattern, List<TopicPartition> partitions) {

	/** Exactly one of the three must be given. */
	public Subscription {
		int given = ((topics != null && !topics.isEmpty()) ? 1 : 0) + ((pattern != null) ? 1 : 0)
				+ ((partitions != null && !partitions.isEmpty()) ? 1 : 0);
		if (given != 1) {
			throw new IllegalArgumentException("give exactly one of topics, a topic pattern or partitions");
		}
	}

	/** @param topics topic names @return the subscription */
	public static Subscription topics(Collection<String> topics) {
		Objects.requireNonNull(topics, "topics must not be null");
		return new Subscription(List.copyOf(topics), null, null);
	}

	/** @param pattern topic pattern @return the subscription */
	public static Subscription pattern(Pattern pattern) {
		return new Subscription(null, Objects.requireNonNull(pattern, "pattern must not be null"), null);
	}

	/** @param partitions fixed partitions @return the subscription */
	public static Subscription partitions(Collection<TopicPartition> partitions) {
		Objects.requireNonNull(partitions, "partitions must not be null");
		return new Subscription(null, null, List.copyOf(partitions));
	}

	boolean isManual() {
		return this.partitions != null;
	}

	void apply(Consumer<?, ?> consumer, ConsumerRebalanceListener listener) {
		if (this.topics != null) {
			consumer.subscribe(this.topics, listener);
		}
		else if (this.pattern != null) {
			consumer.subscribe(this.pattern, listener);
		}
		else {
			consumer.assign(this.partitions);
		}
	}

}
