package io.github.reliablemessaging.idempotency.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.github.reliablemessaging.idempotency.Claim;
import io.github.reliablemessaging.idempotency.ClaimResult;
import io.github.reliablemessaging.idempotency.DoneMarkerCache;
import io.github.reliablemessaging.idempotency.IdempotencyKey;
import io.github.reliablemessaging.idempotency.IdempotencyShardBinder;
import io.github.reliablemessaging.idempotency.IdempotencyStore;
import io.github.reliablemessaging.idempotency.KeyInProgressException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order of operations for one record: done-marker pre-check → shard binding → business transaction (claim
 * first, then the listener body) → after the commit, the done-marker. Nothing is written to the cache before the
 * database commit, so a cached marker always stands for committed work.
 */
public final class IdempotentInvoker {

	private final IdempotencyStore store;

	private final TransactionTemplate transactions;

	private final DoneMarkerCache cache;

	private final Duration markerTtl;

	private final IdempotencyShardBinder binder;

	private final IdempotencyMeters meters;

	private final Clock clock;

	/**
	 * @param store the store (the guarantee)
	 * @param transactions the business transaction
	 * @param cache done-marker cache, or null for database only
	 * @param markerTtl time to live of done-markers
	 * @param binder shard binder, or null when no listener has a shard key
	 * @param meters meters
	 * @param clock claim timestamps
	 */
	public IdempotentInvoker(IdempotencyStore store, TransactionTemplate transactions, DoneMarkerCache cache,
			Duration markerTtl, IdempotencyShardBinder binder, IdempotencyMeters meters, Clock clock) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
		this.cache = cache;
		this.markerTtl = Objects.requireNonNull(markerTtl, "markerTtl must not be null");
		this.binder = binder;
		this.meters = Objects.requireNonNull(meters, "meters must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** @return true when a done-marker cache is in front of the store */
	public boolean cached() {
		return this.cache != null;
	}

	/**
	 * Runs the listener body once per key.
	 * @param key the normalised key
	 * @param shardKey the record's shard key, or null when the listener has none
	 * @param record the record (for the row's coordinates), or null
	 * @param body the listener body
	 * @return what the body returned, or null when the record was a duplicate
	 * @throws Throwable what the body threw (after the rollback)
	 */
	public Object invoke(IdempotencyKey key, Object shardKey, ConsumerRecord<?, ?> record, Body body) throws Throwable {
		if (this.cache != null && this.cache.isDone(key)) {
			this.meters.duplicate(key.group(), "redis");
			return null;
		}
		if (shardKey == null) {
			return transactional(key, null, record, body);
		}
		if (this.binder == null) {
			throw new IllegalStateException("A shard key was given for " + key + " but no IdempotencyShardBinder bean exists");
		}
		try (IdempotencyShardBinder.Binding binding = this.binder.bind(shardKey)) {
			return transactional(key, binding.slot(), record, body);
		}
	}

	private Object transactional(IdempotencyKey key, Integer slot, ConsumerRecord<?, ?> record, Body body) throws Throwable {
		Claim claim = new Claim(key, slot, (record != null) ? record.topic() : null, (record != null) ? record.partition() : -1,
				(record != null) ? record.offset() : -1, this.clock.millis());
		boolean[] claimed = new boolean[1];
		Outcome outcome;
		try {
			outcome = this.transactions.execute((status) -> {
				ClaimResult result = this.store.claim(claim);
				if (result == ClaimResult.DUPLICATE) {
					if (status.isNewTransaction()) {
						status.setRollbackOnly();
					}
					return Outcome.DUPLICATE;
				}
				if (result == ClaimResult.IN_PROGRESS) {
					throw new KeyInProgressException(key);
				}
				claimed[0] = true;
				Object value = proceed(body);
				if (!status.isNewTransaction()) {
					// joined an outer transaction: its outcome decides, after it completes
					TransactionSynchronizationManager.registerSynchronization(new AfterOuterCompletion(claim));
					return new Outcome(value, true);
				}
				return new Outcome(value, false);
			});
		}
		catch (BodyFailure failure) {
			this.store.released(claim);
			throw failure.getCause();
		}
		catch (RuntimeException | Error ex) {
			if (claimed[0]) {
				this.store.released(claim);
			}
			throw ex;
		}
		if (outcome == Outcome.DUPLICATE) {
			this.meters.duplicate(key.group(), "db");
			return null;
		}
		if (!outcome.deferred()) {
			committed(claim);
		}
		return outcome.value();
	}

	private void committed(Claim claim) {
		this.store.completed(claim);
		this.meters.processed(claim.key().group());
		if (this.cache != null) {
			this.cache.markDone(claim.key(), this.markerTtl);
		}
	}

	private static Object proceed(Body body) {
		try {
			return body.proceed();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new BodyFailure(ex);
		}
	}

	/** The listener body. */
	@FunctionalInterface
	public interface Body {

		/**
		 * @return what the listener returned
		 * @throws Throwable what it threw
		 */
		Object proceed() throws Throwable;

	}

	private record Outcome(Object value, boolean deferred) {

		static final Outcome DUPLICATE = new Outcome(null, false);

	}

	/** Carries a checked exception of the body through the transaction template (which rolls back on it). */
	private static final class BodyFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BodyFailure(Throwable cause) {
			super(cause);
		}

	}

	private final class AfterOuterCompletion implements TransactionSynchronization {

		private final Claim claim;

		AfterOuterCompletion(Claim claim) {
			this.claim = claim;
		}

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				committed(this.claim);
			}
			else {
				IdempotentInvoker.this.store.released(this.claim);
			}
		}

	}

}
