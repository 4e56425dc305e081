package io.github.reliablemessaging.benchmarks.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one peer run consumes and how, passed from the runner to the peer JVM as {@code --name=value} arguments.
 *
 * @param system the system to run, e.g. {@code spring-kafka}
 * @param bootstrapServers the broker
 * @param backlogTopic topic holding the pre-produced backlog
 * @param liveTopic topic the runner produces to at a fixed rate once the backlog is consumed (latency phase)
 * @param groupId a consumer group used by this run only
 * @param handler the handler's work
 * @param workers concurrency of the system (threads, workers or max concurrency)
 * @param backlogRecords records in the backlog topic
 * @param keys distinct keys in the backlog
 * @param liveRecords records the runner produces to the live topic
 * @param liveKeys distinct keys in the live topic
 * @param timeoutSeconds the peer gives up (and reports what it has) after this long
 */
public record PeerSettings(String system, String bootstrapServers, String backlogTopic, String liveTopic,
		String groupId, HandlerMode handler, int workers, int backlogRecords, int keys, int liveRecords, int liveKeys,
		int timeoutSeconds) {

	/** Validates the settings. */
	public PeerSettings {
		Objects.requireNonNull(system, "system must not be null");
		Objects.requireNonNull(bootstrapServers, "bootstrapServers must not be null");
		Objects.requireNonNull(backlogTopic, "backlogTopic must not be null");
		Objects.requireNonNull(liveTopic, "liveTopic must not be null");
		Objects.requireNonNull(groupId, "groupId must not be null");
		Objects.requireNonNull(handler, "handler must not be null");
		if (workers < 1 || backlogRecords < 1 || keys < 1 || liveRecords < 0 || liveKeys < 1 || timeoutSeconds < 1) {
			throw new IllegalArgumentException("workers, backlogRecords, keys, liveKeys, timeoutSeconds must be > 0 "
					+ "and liveRecords >= 0: " + this);
		}
	}

	/** @return both topics, backlog first */
	public List<String> topics() {
		return List.of(this.backlogTopic, this.liveTopic);
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
				HandlerMode.of(required(values, "handler")), intValue(values, "workers"),
				intValue(values, "backlog-records"), intValue(values, "keys"), intValue(values, "live-records"),
				intValue(values, "live-keys"), intValue(values, "timeout-seconds"));
	}

	private static String required(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

	private static int intValue(Map<String, String> values, String name) {
		return Integer.parseInt(required(values, name));
	}

}
