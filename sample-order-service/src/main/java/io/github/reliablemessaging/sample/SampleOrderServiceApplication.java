package io.github.reliablemessaging.sample;

import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;

/**
 * A sample order service built on the reliable messaging starters: orders sharded by buyer, a transactional outbox
 * relayed to Kafka, an ordered idempotent fulfilment listener, a replay source, a load generator.
 */
@SpringBootApplication
public class SampleOrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleOrderServiceApplication.class, args);
	}

	@Bean
	NewTopic orderEventsTopic(@Value("${sample.topics.order-events.name}") String name,
			@Value("${sample.topics.order-events.partitions}") int partitions) {
		return TopicBuilder.name(name).partitions(partitions).build();
	}

	/** Where records the fulfilment listener gives up on go: same partition as the original (Spring's convention). */
	@Bean
	NewTopic orderEventsDeadLetterTopic(@Value("${sample.topics.order-events.name}") String name,
			@Value("${sample.topics.order-events.partitions}") int partitions) {
		return TopicBuilder.name(name + "-dlt").partitions(partitions).build();
	}

	/** Order events travel as JSON text; listeners get them converted to their parameter type. */
	@Bean
	RecordMessageConverter orderEventConverter(JsonMapper json) {
		return new StringJacksonJsonMessageConverter(json);
	}

}
