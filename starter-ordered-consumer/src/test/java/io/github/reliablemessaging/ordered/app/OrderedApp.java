package io.github.reliablemessaging.ordered.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.kafka.CurrentRecord;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;
import org.springframework.messaging.handler.annotation.Header;

/**
 * An application with three ordered listeners: {@code orders} (JSON payloads, 4 workers), {@code payments} (one
 * worker, so every key shares its queue; 4 attempts then the dead-letter topic; its own assignor) and {@code stuck}
 * (retries forever, for the skip drill). Values starting with "poison" always fail.
 */
@SpringBootApplication
public class OrderedApp {

	/** What a listener saw. */
	public record Seen(String listener, String key, String value, long offset, int partition, String thread,
			boolean currentRecordBound, String groupId, long nanos) {

	}

	/** JSON payload of the orders topic. */
	public record OrderEvent(String id, int seq, String state) {

	}

	public final List<Seen> seen = new CopyOnWriteArrayList<>();

	public final AtomicInteger paymentPoisonAttempts = new AtomicInteger();

	public final AtomicInteger stuckPoisonAttempts = new AtomicInteger();

	public final List<Long> paymentPoisonAttemptNanos = new CopyOnWriteArrayList<>();

	@Bean
	RecordMessageConverter jsonConverter() {
		return new StringJacksonJsonMessageConverter();
	}

	@Bean
	NewTopic ordersTopic(org.springframework.core.env.Environment env) {
		return TopicBuilder.name(env.getRequiredProperty("app.orders")).partitions(3).build();
	}

	@Bean
	NewTopic ordersDeadLetterTopic(org.springframework.core.env.Environment env) {
		return TopicBuilder.name(env.getRequiredProperty("app.orders") + "-dlt").partitions(3).build();
	}

	@Bean
	NewTopic paymentsTopic(org.springframework.core.env.Environment env) {
		return TopicBuilder.name(env.getRequiredProperty("app.payments")).partitions(3).build();
	}

	@Bean
	NewTopic paymentsDeadLetterTopic(org.springframework.core.env.Environment env) {
		return TopicBuilder.name(env.getRequiredProperty("app.payments") + "-dlt").partitions(3).build();
	}

	@Bean
	NewTopic stuckTopic(org.springframework.core.env.Environment env) {
		return TopicBuilder.name(env.getRequiredProperty("app.stuck")).partitions(3).build();
	}

	@KafkaListener(id = "orders", groupId = "orders-${app.suffix}", topics = "${app.orders}",
			containerFactory = "orderedKafkaListenerContainerFactory")
	void orders(OrderEvent event, @Header(KafkaHeaders.RECEIVED_KEY) String key,
			@Header(KafkaHeaders.OFFSET) long offset, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
		record("orders", key, event.id() + ":" + event.seq() + ":" + event.state(), offset, partition);
	}

	@KafkaListener(id = "payments", groupId = "payments-${app.suffix}", topics = "${app.payments}",
			containerFactory = "orderedKafkaListenerContainerFactory",
			properties = "partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor")
	void payments(ConsumerRecord<String, String> record) {
		if (record.value().startsWith("poison")) {
			this.paymentPoisonAttempts.incrementAndGet();
			this.paymentPoisonAttemptNanos.add(System.nanoTime());
			throw new IllegalStateException("cannot pay " + record.value());
		}
		record("payments", record.key(), record.value(), record.offset(), record.partition());
	}

	@KafkaListener(id = "stuck", groupId = "stuck-${app.suffix}", topics = "${app.stuck}",
			containerFactory = "orderedKafkaListenerContainerFactory")
	void stuck(ConsumerRecord<String, String> record) {
		if (record.value().startsWith("poison")) {
			this.stuckPoisonAttempts.incrementAndGet();
			throw new IllegalStateException("cannot process " + record.value());
		}
		record("stuck", record.key(), record.value(), record.offset(), record.partition());
	}

	private void record(String listener, String key, String value, long offset, int partition) {
		boolean bound = CurrentRecord.get().map((current) -> current.offset() == offset && current.partition() == partition)
			.orElse(false);
		this.seen.add(new Seen(listener, key, value, offset, partition, Thread.currentThread().getName(), bound,
				KafkaUtils.getConsumerGroupId(), System.nanoTime()));
	}

	/** @return what one listener saw, in processing order */
	public List<Seen> seen(String listener) {
		return this.seen.stream().filter((s) -> s.listener().equals(listener)).toList();
	}

	/**
	 * @param suffix makes topics and groups unique to the run
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String suffix) {
		return new SpringApplicationBuilder(OrderedApp.class).properties(Map.ofEntries(
				Map.entry("spring.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers()),
				Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
				Map.entry("spring.application.name", "ordered-it"),
				Map.entry("server.port", "0"),
				Map.entry("management.endpoints.web.exposure.include", "*"),
				Map.entry("reliable.switches.propagation.topic", "ordered-control-" + suffix),
				Map.entry("reliable.ordered.listeners.orders.concurrency", "4"),
				Map.entry("reliable.ordered.listeners.payments.concurrency", "1"),
				Map.entry("reliable.ordered.listeners.payments.retry.max-attempts", "4"),
				Map.entry("reliable.ordered.listeners.payments.retry.initial-interval", "1s"),
				Map.entry("reliable.ordered.listeners.payments.retry.multiplier", "1"),
				Map.entry("reliable.ordered.listeners.stuck.retry.max-attempts", "2147483647"),
				Map.entry("reliable.ordered.listeners.stuck.retry.initial-interval", "50ms"),
				Map.entry("reliable.ordered.listeners.stuck.retry.multiplier", "1"),
				Map.entry("reliable.monitoring.lag.enabled", "false"),
				Map.entry("app.suffix", suffix),
				Map.entry("app.orders", "ordered-orders-" + suffix),
				Map.entry("app.payments", "ordered-payments-" + suffix),
				Map.entry("app.stuck", "ordered-stuck-" + suffix)))
			.run();
	}

}
