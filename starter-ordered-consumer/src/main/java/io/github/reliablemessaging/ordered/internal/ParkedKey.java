package io.github.reliablemessaging.ordered.internal;

import java.util.ArrayDeque;

import io.github.reliablemessaging.ordered.RetryBackOff;

/**
 * A key whose head record failed and waits for its retry. Later records of the key are deferred behind it in
 * arrival order, so the key keeps its order while the worker goes on with other keys. Owned by one worker; handed
 * to another only while both are stopped (pool swap).
 */
final class ParkedKey<K, V> {

	final long keyHash;

	/** The record to attempt next; null once it completed and the deferred ones are being released. */
	Task<K, V> head;

	final ArrayDeque<Task<K, V>> deferred = new ArrayDeque<>();

	RetryBackOff.Execution backOff;

	int attempts;

	Exception lastFailure;

	/** The head's retries are exhausted and its recoverer failed: the next due time retries recovery. */
	boolean recovering;

	long dueNanos;

	boolean scheduled;

	ParkedKey(long keyHash, Task<K, V> head) {
		this.keyHash = keyHash;
		this.head = head;
	}

	void restartWith(Task<K, V> next) {
		this.head = next;
		this.backOff = null;
		this.attempts = 0;
		this.lastFailure = null;
		this.recovering = false;
	}

}
