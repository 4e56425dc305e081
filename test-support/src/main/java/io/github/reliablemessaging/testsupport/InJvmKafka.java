package io.github.reliablemessaging.testsupport;

import java.nio.file.Path;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A KRaft cluster inside the test JVM, built on Kafka's own test kit. Always one controller: three combined
 * controllers crash their raft IO threads on small machines.
 */
final class InJvmKafka implements RealKafka {

	private final KafkaClusterTestKit cluster;

	private final int brokers;

	private final Path dir;

	private InJvmKafka(KafkaClusterTestKit cluster, int brokers, Path dir) {
		this.cluster = cluster;
		this.brokers = brokers;
		this.dir = dir;
	}

	static InJvmKafka launch(int brokers) {
		Path dir = WorkDirectories.create("kafka");
		try {
			TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
				.setNumBrokerNodes(brokers)
				.setNumControllerNodes(1)
				.setBaseDirectory(dir)
				.build();
			String replication = String.valueOf(Math.min(3, brokers));
			KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
				.setConfigProp("offsets.topic.replication.factor", replication)
				.setConfigProp("offsets.topic.num.partitions", "10")
				.setConfigProp("transaction.state.log.replication.factor", replication)
				.setConfigProp("transaction.state.log.min.isr", "1")
				.setConfigProp("transaction.state.log.num.partitions", "4")
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.setConfigProp("auto.create.topics.enable", "true")
				.setConfigProp("num.partitions", "1")
				.setConfigProp("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))
				.setDeleteOnClose(true)
				.build();
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			return new InJvmKafka(cluster, brokers, dir);
		}
		catch (Exception ex) {
			WorkDirectories.delete(dir);
			throw new IllegalStateException("Could not start the in-JVM Kafka cluster (" + brokers + " brokers)", ex);
		}
	}

	@Override
	public String bootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	@Override
	public int brokers() {
		return this.brokers;
	}

	@Override
	public String description() {
		return "in-JVM KRaft, " + this.brokers + (this.brokers == 1 ? " broker" : " brokers");
	}

	@Override
	public void close() {
		try {
			this.cluster.close();
		}
		catch (Exception ex) {
			// closing a test cluster must not fail the test that used it
		}
		WorkDirectories.delete(this.dir);
	}

}
