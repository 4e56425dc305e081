package io.github.reliablemessaging.ordered.support;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;
import io.github.reliablemessaging.ordered.OrderedSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * A consumer JVM for the kill -9 test: an ordered container whose listener appends
 * {@code partition offset key value} to a file (one write call per record, before the record completes) and then
 * takes about a millisecond. Arguments: bootstrap servers, topic, group, output file, workers.
 */
public final class CrashableConsumerMain {

	private CrashableConsumerMain() {
	}

	public static void main(String[] args) throws Exception {
		String bootstrap = args[0];
		String topic = args[1];
		String group = args[2];
		Path output = Path.of(args[3]);
		int workers = Integer.parseInt(args[4]);

		Map<String, Object> props = new HashMap<>();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// the group notices the killed member after this long (the broker's minimum), not Kafka's default 45 s
		props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
		props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
		DefaultKafkaConsumerFactory<String, String> factory = new DefaultKafkaConsumerFactory<>(props,
				new StringDeserializer(), new StringDeserializer());
		FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		ContainerProperties containerProperties = new ContainerProperties(topic);
		containerProperties.setMessageListener((MessageListener<String, String>) (record) -> {
			String line = record.partition() + " " + record.offset() + " " + record.key() + " " + record.value() + "\n";
			try {
				out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
				Thread.sleep(1);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		OrderedMessageListenerContainer<String, String> container = new OrderedMessageListenerContainer<>(factory,
				containerProperties);
		container.setBeanName("crashable");
		container.setSettings(OrderedSettings.defaults().withConcurrency(workers));
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "crashable-shutdown"));
		container.start();
		System.out.println("STARTED");
		Thread.currentThread().join();
	}

}
