package io.github.reliablemessaging.ordered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reliablemessaging.ordered.support.Consumers;
import io.github.reliablemessaging.ordered.support.SequenceData;
import io.github.reliablemessaging.ordered.support.Topics;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transactional producer leaves offset gaps: a commit or abort marker after every transaction, and aborted
 * records a read_committed consumer never receives, including at the very end of the log. Commits must still reach
 * the log end (lag 0), never waiting for offsets that will not come.
 */
class TransactionalGapsTest {

	@Test
	void commitsAdvanceOverTransactionMarkersAndAbortedRecordsToTheLogEnd() {
		RealKafka kafka = SharedInfrastructure.kafka();
		String topic = Consumers.unique("tx");
		String group = Consumers.unique("tx-group");
		Topics.create(kafka, topic, 3);
		List<String> committedValues = new ArrayList<>();
		List<String> abortedValues = new ArrayList<>();
		Map<String, Object> producerProps = new HashMap<>(kafka.clientProperties());
		producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Consumers.unique("tx-producer"));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
				new StringSerializer())) {
			producer.initTransactions();
			for (int tx = 0; tx < 30; tx++) {
				// every third transaction is aborted, and so is the last: the log ends with aborted records and a marker
				boolean abort = tx % 3 == 2 || tx == 29;
				producer.beginTransaction();
				for (int i = 0; i < 20; i++) {
					String value = "tx" + tx + "-" + i;
					producer.send(new ProducerRecord<>(topic, "k-" + (i % 7), value));
					(abort ? abortedValues : committedValues).add(value);
				}
				if (abort) {
					// written to the log first (abort discards what is still buffered), then marked aborted
					producer.flush();
					producer.abortTransaction();
				}
				else {
					producer.commitTransaction();
				}
			}
		}
		Set<String> processed = ConcurrentHashMap.newKeySet();
		Map<String, Object> consumerProps = Consumers.properties(kafka, group);
		consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		OrderedConsumer<String, String> consumer = OrderedConsumer.<String, String>builder("tx")
			.consumer(() -> Consumers.create(consumerProps))
			.topics(List.of(topic))
			.settings(OrderedSettings.defaults().withConcurrency(4))
			.handler((record) -> processed.add(record.value()))
			.build();
		consumer.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() == committedValues.size());
			Map<TopicPartition, Long> ends = SequenceData.endOffsets(kafka, topic, 3);
			long records = committedValues.size() + abortedValues.size();
			assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).as("markers take offsets too")
				.isGreaterThan(records);
			await().atMost(Duration.ofSeconds(30)).until(() -> SequenceData.committed(kafka, group).equals(ends));
			await().atMost(Duration.ofSeconds(30)).until(() -> consumer.stats().commitLag() == 0);
		}
		finally {
			consumer.close();
		}
		assertThat(processed).containsExactlyInAnyOrderElementsOf(committedValues).doesNotContainAnyElementsOf(abortedValues);
	}

}
