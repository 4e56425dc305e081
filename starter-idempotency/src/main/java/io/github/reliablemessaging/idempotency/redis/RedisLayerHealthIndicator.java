package io.github.reliablemessaging.idempotency.redis;

import java.util.Objects;

import io.github.reliablemessaging.idempotency.internal.GuardedDoneMarkerCache;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the idempotency Redis layer. Always UP — the database keeps the guarantee while Redis is away, so a
 * Redis outage must not take instances out of service — with {@code mode} telling operators what runs:
 * {@code redis+db} (normal), {@code db-only (redis unavailable, circuit OPEN|HALF_OPEN)} (degraded: more database
 * load, same correctness) or {@code db-only (switched off)}, plus the circuit state, the fallbacks counted and
 * the last Redis failure.
 */
public class RedisLayerHealthIndicator extends AbstractHealthIndicator {

	/** {@code mode} detail while Redis is used. */
	public static final String MODE_NORMAL = "redis+db";

	/** {@code mode} detail while Redis is bypassed because it fails. */
	public static final String MODE_DEGRADED = "db-only (redis unavailable)";

	/** {@code mode} detail while an operator switched Redis off. */
	public static final String MODE_SWITCHED_OFF = "db-only (switched off)";

	private final GuardedDoneMarkerCache cache;

	/** @param cache the guarded Redis layer */
	public RedisLayerHealthIndicator(GuardedDoneMarkerCache cache) {
		super("Idempotency Redis layer check failed");
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		GuardedDoneMarkerCache.Status status = this.cache.status();
		String mode = !status.enabled() ? MODE_SWITCHED_OFF : status.active() ? MODE_NORMAL : MODE_DEGRADED;
		builder.up()
			.withDetail("mode", mode)
			.withDetail("degraded", status.enabled() && !status.active())
			.withDetail("circuit", status.circuit().name())
			.withDetail("fallbacks", status.fallbacks());
		if (status.lastFailure() != null) {
			builder.withDetail("lastFailure", status.lastFailure());
		}
	}

}
