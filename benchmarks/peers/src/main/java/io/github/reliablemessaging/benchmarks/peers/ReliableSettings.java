package io.github.reliablemessaging.benchmarks.peers;

import io.github.reliablemessaging.benchmarks.peer.ClientVersions;
import io.github.reliablemessaging.benchmarks.peer.PeerSettings;
import io.github.reliablemessaging.ordered.OrderedConsumer;
import io.github.reliablemessaging.ordered.OrderedSettings;

/**
 * The ordered consumer's settings in this benchmark: the module's defaults with {@code concurrency = workers} and the
 * in-flight bound its README recommends when many workers share few partitions: the default 1000 records per
 * partition starves queues with 64 workers on 6 partitions (about 11 workers per partition), so the bound is 4000
 * there: {@value #IN_FLIGHT_PER_WORKER} × workers / partitions, at least the default.
 */
final class ReliableSettings {

	/** 4000 records per partition for 64 workers on 6 partitions, as the module's README recommends. */
	static final int IN_FLIGHT_PER_WORKER = 375;

	private ReliableSettings() {
	}

	static OrderedSettings of(PeerSettings settings) {
		OrderedSettings defaults = OrderedSettings.defaults();
		int bound = Math.max(defaults.maxInFlightPerPartition(),
				(int) Math.round((double) IN_FLIGHT_PER_WORKER * settings.workers() / settings.partitions()));
		return defaults.withConcurrency(settings.workers()).withMaxInFlightPerPartition(bound);
	}

	/** @return {@code starter-ordered-consumer <version>} */
	static String moduleVersion() {
		String version = ClientVersions.of("io.github.reliablemessaging", "starter-ordered-consumer");
		if (version.endsWith("?")) {
			// a reactor build puts the module's classes directory on the class path, without Maven's pom.properties
			String fromManifest = OrderedConsumer.class.getPackage().getImplementationVersion();
			version = "starter-ordered-consumer " + ((fromManifest != null) ? fromManifest : "(this build)");
		}
		return version;
	}

}
