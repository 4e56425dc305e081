package io.github.reliablemessaging.ops.switches;

/**
 * Carries switch changes to the other instances of the service and keeps them across restarts. The default
 * implementation uses a compacted Kafka topic; {@link #LOCAL_ONLY} keeps changes in this instance.
 */
public interface SwitchPropagator {

	/** Keeps changes in this JVM only. */
	SwitchPropagator LOCAL_ONLY = (change) -> {
	};

	/**
	 * Publishes a change made on this instance; returns once it is durable, throws when it could not be published
	 * (the change is then not applied).
	 * @param change the change
	 */
	void publish(SwitchChange change);

}
