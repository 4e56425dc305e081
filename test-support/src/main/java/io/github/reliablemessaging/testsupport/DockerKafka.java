package io.github.reliablemessaging.testsupport;

import org.testcontainers.kafka.KafkaContainer;

/** One Apache Kafka broker (KRaft) in Docker. */
final class DockerKafka implements RealKafka {

	static final String IMAGE = "apache/kafka:4.2.1";

	private final KafkaContainer container;

	private DockerKafka(KafkaContainer container) {
		this.container = container;
	}

	static DockerKafka launch() {
		KafkaContainer container = new KafkaContainer(IMAGE);
		container.start();
		return new DockerKafka(container);
	}

	@Override
	public String bootstrapServers() {
		return this.container.getBootstrapServers();
	}

	@Override
	public int brokers() {
		return 1;
	}

	@Override
	public String description() {
		return "Docker " + IMAGE;
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
