package io.github.reliablemessaging.ordered.internal;

import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchDefinition;
import io.github.reliablemessaging.ordered.OrderedContainerInitializer;
import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;
import io.github.reliablemessaging.ordered.OrderedSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;

/**
 * Defines the runtime switches of each ordered listener on the switch board and applies their changes (from the
 * {@code /actuator/reliable/switches} operations, configuration or another instance) without a restart:
 * {@code ordered.<listenerId>.concurrency} (1 to 1024) and {@code ordered.<listenerId>.multithreaded}. Their
 * defaults are the listener's configured values.
 */
public final class OrderedSwitches implements OrderedContainerInitializer, Ordered {

	private static final Logger log = LoggerFactory.getLogger(OrderedSwitches.class);

	private final SwitchBoard board;

	/** @param board the switch board */
	public OrderedSwitches(SwitchBoard board) {
		this.board = board;
	}

	/** @param listenerId listener id @return name of its worker-count switch */
	public static String concurrencySwitch(String listenerId) {
		return "ordered." + sanitize(listenerId) + ".concurrency";
	}

	/** @param listenerId listener id @return name of its multithreading switch */
	public static String multithreadedSwitch(String listenerId) {
		return "ordered." + sanitize(listenerId) + ".multithreaded";
	}

	private static String sanitize(String listenerId) {
		return listenerId.replaceAll("[^a-zA-Z0-9._\\-]", "-");
	}

	@Override
	public void initialize(OrderedMessageListenerContainer<?, ?> container) {
		String id = container.getListenerId();
		if (id == null || id.isBlank()) {
			return;
		}
		String concurrency = concurrencySwitch(id);
		String multithreaded = multithreadedSwitch(id);
		this.board.define(SwitchDefinition.integer(concurrency, container.getConcurrency(),
				"Worker threads of ordered listener " + id).between(1, OrderedSettings.MAX_CONCURRENCY));
		this.board.define(SwitchDefinition.bool(multithreaded, container.isMultithreaded(),
				"Worker pool of ordered listener " + id + " (false: one record at a time in poll order)"));
		this.board.onChange(concurrency, (value) -> {
			if ((Integer) value != container.getConcurrency()) {
				log.info("Switch {} = {}: resizing the worker pool of listener {}", concurrency, value, id);
				container.resize((Integer) value);
			}
		});
		this.board.onChange(multithreaded, (value) -> {
			if ((Boolean) value != container.isMultithreaded()) {
				log.info("Switch {} = {}: multithreading of listener {} turned {}", multithreaded, value, id,
						((Boolean) value) ? "on" : "off");
				container.setMultithreaded((Boolean) value);
			}
		});
	}

	@Override
	public int getOrder() {
		return 0;
	}

}
