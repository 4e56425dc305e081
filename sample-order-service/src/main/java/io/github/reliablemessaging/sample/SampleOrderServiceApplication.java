package io.github.reliablemessaging.sample;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** A sample order service built on the reliable messaging starters. */
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

}
