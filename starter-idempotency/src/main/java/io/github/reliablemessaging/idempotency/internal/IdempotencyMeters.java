package io.github.reliablemessaging.idempotency.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The idempotency meters ({@code reliable.idempotency.*}), cached per tag set. */
public final class IdempotencyMeters {

	/** Duplicates skipped, tagged {@code layer=redis|db} and {@code group}. */
	public static final String DUPLICATES = "reliable.idempotency.duplicates";

	/** Records processed (listener body committed), tagged {@code group}. */
	public static final String PROCESSED = "reliable.idempotency.processed";

	/** Redis steps bypassed because Redis failed, timed out or its circuit breaker was open, tagged {@code step}. */
	public static final String REDIS_FALLBACKS = "reliable.idempotency.redis.fallbacks";

	/** Idempotency rows deleted by the retention purge, tagged {@code datasource}. */
	public static final String PURGED = "reliable.idempotency.purged";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/** @param registry where the meters go */
	public IdempotencyMeters(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	/**
	 * @param group consumer group
	 * @param layer {@code redis} or {@code db}
	 */
	public void duplicate(String group, String layer) {
		counter(DUPLICATES, "Duplicate records skipped", "layer", layer, "group", group).increment();
	}

	/** @param group consumer group */
	public void processed(String group) {
		counter(PROCESSED, "Records whose listener body committed", "group", group, null, null).increment();
	}

	/** @param step {@code check} or {@code mark} */
	public void redisFallback(String step) {
		counter(REDIS_FALLBACKS, "Redis steps bypassed (Redis failed, slow or circuit open)", "step", step, null, null)
			.increment();
	}

	/**
	 * @param dataSource database name
	 * @param rows rows deleted
	 */
	public void purged(String dataSource, long rows) {
		counter(PURGED, "Idempotency rows deleted by the retention purge", "datasource", dataSource, null, null).increment(rows);
	}

	private Counter counter(String name, String description, String tag1, String value1, String tag2, String value2) {
		String id = name + '|' + value1 + '|' + value2;
		return this.counters.computeIfAbsent(id, (k) -> {
			Counter.Builder builder = Counter.builder(name).description(description).tag(tag1, value1);
			if (tag2 != null) {
				builder.tag(tag2, value2);
			}
			return builder.register(this.registry);
		});
	}

}
