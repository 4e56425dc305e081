package io.github.reliablemessaging.ordered.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.testsupport.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/** Topic creation that waits until the broker leads every partition. */
public final class Topics {

	private Topics() {
	}

	/**
	 * Creates a topic and waits until a ListOffsets request succeeds on every partition. Producing earlier, on a
	 * loaded machine, can meet NOT_LEADER_OR_FOLLOWER, after which an idempotent producer may loop on
	 * OutOfOrderSequenceException until its delivery timeout.
	 * @param kafka the cluster
	 * @param topic the topic
	 * @param partitions partition count
	 */
	public static void create(RealKafka kafka, String topic, int partitions) {
		kafka.createTopic(topic, partitions);
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int p = 0; p < partitions; p++) {
			request.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		try (Admin admin = Admin.create(kafka.clientProperties())) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
				.until(() -> admin.listOffsets(request).all().get(5, TimeUnit.SECONDS).size() == partitions);
		}
	}

}
