package io.github.reliablemessaging.ordered.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.reliablemessaging.testsupport.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Kafka consumer configuration for the scenarios. */
public final class Consumers {

	private Consumers() {
	}

	/**
	 * @param kafka the cluster
	 * @param group consumer group
	 * @return string consumer properties: earliest, auto-commit off, cooperative-sticky
	 */
	public static Map<String, Object> properties(RealKafka kafka, String group) {
		Map<String, Object> props = new HashMap<>(kafka.clientProperties());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		return props;
	}

	/** @return a new Kafka consumer */
	public static KafkaConsumer<String, String> create(Map<String, Object> properties) {
		return new KafkaConsumer<>(properties);
	}

	/** @return a unique name for a topic or group */
	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
