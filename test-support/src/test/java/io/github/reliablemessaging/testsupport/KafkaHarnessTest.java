package io.github.reliablemessaging.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfrastructureExtension.class)
class KafkaHarnessTest {

	@Test
	void sharedBrokerCarriesRecordsFromProducerToConsumer(RealKafka kafka) {
		String topic = "harness-" + UUID.randomUUID();
		kafka.createTopic(topic, 3);

		List<String> sent = produce(kafka, topic, 200);
		List<String> received = consumeAll(kafka, topic, sent.size());

		assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
		assertThat(kafka.topics()).contains(topic);
	}

	@Test
	void threeBrokerClusterReplicatesAcrossBrokers() {
		try (RealKafka cluster = RealKafka.launch(3)) {
			assertThat(cluster.brokers()).isEqualTo(3);
			cluster.createTopic("replicated", 2);
			List<String> sent = produce(cluster, "replicated", 50);
			assertThat(consumeAll(cluster, "replicated", sent.size())).containsExactlyInAnyOrderElementsOf(sent);
		}
	}

	static List<String> produce(RealKafka kafka, String topic, int count) {
		Map<String, Object> props = kafka.clientProperties();
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		List<String> sent = new ArrayList<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
			for (int i = 0; i < count; i++) {
				String value = "value-" + i;
				producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), value));
				sent.add(value);
			}
			producer.flush();
		}
		return sent;
	}

	static List<String> consumeAll(RealKafka kafka, String topic, int expected) {
		Map<String, Object> props = kafka.clientProperties();
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<String> received = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (received.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					received.add(record.value());
				}
			}
		}
		return received;
	}

}
