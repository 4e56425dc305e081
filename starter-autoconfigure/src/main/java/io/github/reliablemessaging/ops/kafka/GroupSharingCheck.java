package io.github.reliablemessaging.ops.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Start-up check that no other application consumes with the same consumer group as this one's listeners: two
 * applications sharing a group silently split its partitions, and each one misses the other's share of the
 * records. Members are told apart by their {@code client.id}, which the starter prefixes with
 * {@code spring.application.name}. Runs just before the listener containers start.
 */
public class GroupSharingCheck implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupSharingCheck.class);

	/** What to do when another application is found in a group. */
	public enum Mode {

		/** Refuse to start, naming the other members. */
		FAIL,
		/** Log a warning naming the other members, and start. */
		WARN,
		/** Do not check. */
		OFF

	}

	private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

	private final Admin admin;

	private final String clientIdPrefix;

	private final Mode mode;

	private volatile boolean running;

	/**
	 * @param registry listener containers (resolved at start, see {@link ListenerOperations})
	 * @param admin admin client
	 * @param clientIdPrefix client id prefix of this application's consumers
	 * @param mode what to do on a finding
	 */
	public GroupSharingCheck(ObjectProvider<KafkaListenerEndpointRegistry> registry, Admin admin, String clientIdPrefix, Mode mode) {
		this.registry = registry;
		this.admin = admin;
		this.clientIdPrefix = clientIdPrefix;
		this.mode = mode;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.mode == Mode.OFF) {
			return;
		}
		Set<String> groups = new LinkedHashSet<>();
		for (MessageListenerContainer container : this.registry.getObject().getAllListenerContainers()) {
			if (container.getGroupId() != null) {
				groups.add(container.getGroupId());
			}
		}
		List<String> findings = foreignMembers(groups);
		if (findings.isEmpty()) {
			return;
		}
		String message = "Consumer group(s) already used by another application (client ids not starting with '"
				+ this.clientIdPrefix + "'): " + findings + ". Two applications in one group split its partitions and each "
				+ "misses the other's records. Use a group id of your own, or set reliable.kafka.group-check=warn to start anyway.";
		if (this.mode == Mode.FAIL) {
			throw new IllegalStateException(message);
		}
		log.warn(message);
	}

	/**
	 * @param groups consumer groups to look at
	 * @return one line per member of another application: group, client id, host
	 */
	public List<String> foreignMembers(Collection<String> groups) {
		if (groups.isEmpty()) {
			return List.of();
		}
		Map<String, ConsumerGroupDescription> descriptions;
		try {
			descriptions = GroupDescriptions.describe(this.admin, groups);
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Could not describe consumer groups {}; group sharing not checked: {}", groups, ex.getMessage());
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
		List<String> findings = new ArrayList<>();
		descriptions.forEach((group, description) -> {
			for (MemberDescription member : description.members()) {
				if (!member.clientId().startsWith(this.clientIdPrefix)) {
					findings.add("group " + group + ": client " + member.clientId() + " on " + member.host());
				}
			}
		});
		return findings;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 20;
	}

}
