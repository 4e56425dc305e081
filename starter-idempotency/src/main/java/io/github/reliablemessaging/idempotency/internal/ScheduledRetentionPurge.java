package io.github.reliablemessaging.idempotency.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.idempotency.jdbc.IdempotencyRetentionPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the retention purge on its own named thread at a fixed delay. */
public final class ScheduledRetentionPurge implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ScheduledRetentionPurge.class);

	private final IdempotencyRetentionPurge purge;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "reliable-idempotency-purge");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Starts purging after one interval, then every interval.
	 * @param purge the purge
	 * @param interval delay between the end of one run and the start of the next
	 */
	public ScheduledRetentionPurge(IdempotencyRetentionPurge purge, Duration interval) {
		this.purge = Objects.requireNonNull(purge, "purge must not be null");
		long millis = interval.toMillis();
		if (millis < 1) {
			throw new IllegalArgumentException("retention interval must be at least 1ms, was " + interval);
		}
		this.executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void run() {
		try {
			this.purge.purgeAll();
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency retention purge failed (retried on the next run)", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
