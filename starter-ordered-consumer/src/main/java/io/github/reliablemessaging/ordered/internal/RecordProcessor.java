package io.github.reliablemessaging.ordered.internal;

import java.util.function.Predicate;

import io.github.reliablemessaging.ordered.RecordHandler;
import io.github.reliablemessaging.ordered.RecordRecoverer;
import io.github.reliablemessaging.ordered.RetryBackOff;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What every worker of an engine shares: the handler, the retry policy, the recoverer and the counters. */
final class RecordProcessor<K, V> {

	/** Delay between attempts to recover a record when the recoverer itself fails. */
	static final long RECOVERY_RETRY_MILLIS = 5_000;

	private final RecordHandler<K, V> handler;

	final RetryBackOff backOff;

	private final Predicate<Throwable> retryable;

	private final RecordRecoverer<K, V> recoverer;

	final Counters counters;

	RecordProcessor(RecordHandler<K, V> handler, RetryBackOff backOff, Predicate<Throwable> retryable,
			RecordRecoverer<K, V> recoverer, Counters counters) {
		this.handler = handler;
		this.backOff = backOff;
		this.retryable = retryable;
		this.recoverer = recoverer;
		this.counters = counters;
	}

	/** @return null on success, else the failure (an {@link Error} of the handler is wrapped, not fatal to the worker) */
	Exception invoke(ConsumerRecord<K, V> record) {
		long start = System.nanoTime();
		try {
			this.handler.handle(record);
			this.counters.processed.increment();
			return null;
		}
		catch (Exception ex) {
			return ex;
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			return new IllegalStateException("Handler failed with " + ex, ex);
		}
		finally {
			this.counters.invocations.increment();
			this.counters.invocationNanos.add(System.nanoTime() - start);
		}
	}

	boolean isRetryable(Exception failure) {
		return this.retryable.test(failure);
	}

	void recover(ConsumerRecord<K, V> record, Exception failure) throws Exception {
		this.recoverer.recover(record, failure);
		this.counters.deadLettered.increment();
	}

}
