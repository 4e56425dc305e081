package io.github.reliablemessaging.ordered.internal;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether a failure is worth a retry: not when it, or any of its causes, is of a not-retryable type (by default
 * Spring Kafka's list: deserialization, message conversion, method argument resolution, {@code ClassCastException}
 * ...), because retrying cannot change the outcome.
 */
public final class RetryClassifier implements Predicate<Throwable> {

	private static final int MAX_DEPTH = 16;

	private final List<Class<? extends Throwable>> notRetryable;

	/** @param notRetryable failure types that go to the recoverer at once */
	public RetryClassifier(Collection<Class<? extends Throwable>> notRetryable) {
		this.notRetryable = List.copyOf(notRetryable);
	}

	@Override
	public boolean test(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			for (Class<? extends Throwable> type : this.notRetryable) {
				if (type.isInstance(cause)) {
					return false;
				}
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return true;
	}

}
