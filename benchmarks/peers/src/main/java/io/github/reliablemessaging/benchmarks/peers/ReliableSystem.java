package io.github.reliablemessaging.benchmarks.peers;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.github.reliablemessaging.benchmarks.peer.PeerSettings;

/**
 * SLOT for this project's ordered parallel consumer (module {@code starter-ordered-consumer}), reported as
 * {@code reliable} in every result.
 *
 * <p>Not available yet: the module is being built on another branch. The runner lists this system as skipped
 * and every other system runs. To enable it (see benchmarks/README.md, "Adding the reliable system"):
 * <ol>
 * <li>add {@code starter-ordered-consumer} as a dependency of {@code benchmarks/peers/pom.xml};</li>
 * <li>in this class, build the ordered container in {@link #createContainer} with {@code settings.workers()}
 * workers on {@code settings.topics()} and the given consumer factory (the listener is set up by
 * {@link SpringContainerSystem}), and delete {@link #available()} and {@link #unavailableReason()}.</li>
 * </ol>
 */
final class ReliableSystem extends SpringContainerSystem {

	static final String NAME = "reliable";

	@Override
	protected MessageListenerContainer createContainer(ConsumerFactory<String, String> consumerFactory,
			PeerSettings settings) {
		// SLOT: return the ordered container here, e.g. from the module's container factory with
		// concurrency = settings.workers(), subscribed to settings.topics().
		throw new UnsupportedOperationException(unavailableReason());
	}

	@Override
	public boolean available() {
		return false;
	}

	@Override
	public String unavailableReason() {
		return "starter-ordered-consumer is not on this branch yet (slot: benchmarks/peers ReliableSystem)";
	}

	@Override
	protected String name() {
		return NAME;
	}

}
