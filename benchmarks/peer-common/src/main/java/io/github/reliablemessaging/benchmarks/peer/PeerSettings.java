package io.github.reliablemessaging.benchmarks.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one peer run consumes and how, passed from the runner to the peer JVM as {@code --name=value} arguments.
 *
 * @param system the system to run, e.g. {@code spring-kafka}
 * @param bootstrapServers the broker
 * @param backlogTopic topic holding the pre-produced backlog (throughput phase)
 * @param liveTopic topic the runner produces to at a fixed rate once the backlog is handled (latency phase)
 * @param groupId a consumer group used by this run only
 * @param handler the handler's work
 * @param partitions partitions of each topic; systems with one thread per partition use this many
 * @param workers worker count of systems that process in parallel beyond partitions
 * @param backlogRecords records in the backlog topic
 * @param keys distinct keys in the backlog
 * @param liveRecords records the runner produces to the live topic
 * @param liveKeys distinct keys in the live topic
 * @param timeoutSeconds the peer stops waiting (and reports what it has) after this long
 */
public record PeerSettings(String system, String bootstrapServers, String backlogTopic, String liveTopic,
		String groupId, HandlerMode handler, int partitions, int workers, int backlogRecords, int keys,
		int liveRecords, int liveKeys, int timeoutSeconds) {

	/** Validates the settings. */
	public PeerSettings {
		Objects.requireNonNull(system, "system must not be null");
		Objects.requireNonNull(bootstrapServers, "bootstrapServers must not be null");
		Objects.requireNonNull(backlogTopic, "backlogTopic must not be null");
		Objects.requireNonNull(liveTopic, "liveTopic must not be null");
		Objects.requireNonNull(groupId, "groupId must not be null");
		Objects.requireNonNull(handler, "handler must not be null");
		if (partitions < 1 || workers < 1 || backlogRecords < 1 || keys < 1 || liveRecords < 0 || liveKeys < 1
				|| timeoutSeconds < 1) {
			throw new IllegalArgumentException("partitions, workers, backlog-records, keys, live-keys and "
					+ "timeout-seconds must be > 0 and live-records >= 0");
		}
	}

	/** @return both topics, backlog first */
	public List<String> topics() {
		return List.of(this.backlogTopic, this.liveTopic);
	}

	/** @return records of the run, backlog and live */
	public int totalRecords() {
		return this.backlogRecords + this.liveRecords;
	}

	/**
	 * The consumer configuration every system starts from, so that they differ only in how they process: string
	 * deserializers, the run's group, earliest offset, auto-commit off. Keys are plain strings (this module does not
	 * depend on a Kafka client version). Everything else stays at the client's defaults, as a user would have it.
	 * @param clientId the {@code client.id}
	 * @return a mutable map
	 */
	public Map<String, Object> consumerProperties(String clientId) {
		Map<String, Object> props = new LinkedHashMap<>();
		props.put("bootstrap.servers", this.bootstrapServers);
		props.put("group.id", this.groupId);
		props.put("client.id", clientId);
		props.put("auto.offset.reset", "earliest");
		props.put("enable.auto.commit", "false");
		props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
		props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
		return props;
	}

	/** @return the settings as command-line arguments for {@link #parse(String[])} */
	public List<String> toArgs() {
		List<String> args = new ArrayList<>();
		args.add("--system=" + this.system);
		args.add("--bootstrap-servers=" + this.bootstrapServers);
		args.add("--backlog-topic=" + this.backlogTopic);
		args.add("--live-topic=" + this.liveTopic);
		args.add("--group-id=" + this.groupId);
		args.add("--handler=" + this.handler.label());
		args.add("--partitions=" + this.partitions);
		args.add("--workers=" + this.workers);
		args.add("--backlog-records=" + this.backlogRecords);
		args.add("--keys=" + this.keys);
		args.add("--live-records=" + this.liveRecords);
		args.add("--live-keys=" + this.liveKeys);
		args.add("--timeout-seconds=" + this.timeoutSeconds);
		return args;
	}

	/**
	 * @param args {@code --name=value} arguments as written by {@link #toArgs()}
	 * @return the settings
	 * @throws IllegalArgumentException naming the first missing or malformed argument
	 */
	public static PeerSettings parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			values.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		return new PeerSettings(required(values, "system"), required(values, "bootstrap-servers"),
				required(values, "backlog-topic"), required(values, "live-topic"), required(values, "group-id"),
				HandlerMode.of(required(values, "handler")), intValue(values, "partitions"),
				intValue(values, "workers"), intValue(values, "backlog-records"), intValue(values, "keys"),
				intValue(values, "live-records"), intValue(values, "live-keys"), intValue(values, "timeout-seconds"));
	}

	private static String required(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

	private static int intValue(Map<String, String> values, String name) {
		String value = required(values, name);
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
		}
	}

}
