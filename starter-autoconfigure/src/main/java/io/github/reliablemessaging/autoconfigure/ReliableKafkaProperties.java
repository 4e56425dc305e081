package io.github.reliablemessaging.autoconfigure;

import io.github.reliablemessaging.ops.kafka.GroupSharingCheck;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Kafka client behaviour added by the starter. */
@ConfigurationProperties("reliable.kafka")
public class ReliableKafkaProperties {

	/** What to do at start-up when a listener's consumer group already has members of another application. */
	private GroupSharingCheck.Mode groupCheck = GroupSharingCheck.Mode.FAIL;

	private final Defaults defaults = new Defaults();

	private final Producer producer = new Producer();

	public GroupSharingCheck.Mode getGroupCheck() {
		return this.groupCheck;
	}

	public void setGroupCheck(GroupSharingCheck.Mode groupCheck) {
		this.groupCheck = groupCheck;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Producer getProducer() {
		return this.producer;
	}

	/** Reliable client defaults (auto-commit off, acks=all, idempotence, zstd), applied unless set by the application. */
	public static class Defaults {

		/** Whether the reliable Kafka client defaults are added (lowest precedence: the application's settings win). */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** The application's producers. */
	public static class Producer {

		private final RateLimit rateLimit = new RateLimit();

		public RateLimit getRateLimit() {
			return this.rateLimit;
		}

	}

	/**
	 * The {@code producer.rate-limit} switch (records per second per instance, 0 = unlimited; seed it with
	 * {@code reliable.switches.initial.producer.rate-limit}).
	 */
	public static class RateLimit {

		/** Whether the sends of Spring Boot's producer factory can be throttled by the producer.rate-limit switch. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
