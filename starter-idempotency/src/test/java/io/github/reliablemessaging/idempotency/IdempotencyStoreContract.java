package io.github.reliablemessaging.idempotency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every {@link IdempotencyStore} must pass. Extend it, give it the store and a way to run a business
 * unit of work (a transaction for a transactional store; a plain call for the others), and run it against the
 * real backend.
 *
 * <pre>{@code
 * class MyStoreContractTest extends IdempotencyStoreContract {
 *     protected IdempotencyStore store() { return store; }
 *     protected <T> T inBusinessUnit(Supplier<T> work) { return transactionTemplate.execute(s -> work.get()); }
 * }
 * }</pre>
 *
 * A unit of work that throws must roll back (or, for a non-transactional store, leave only what
 * {@link IdempotencyStore#released} cleans up).
 */
public abstract class IdempotencyStoreContract {

	/** Threads of the many-threads-same-keys scenario. */
	protected static final int THREADS = 32;

	/** Keys of the many-threads-same-keys scenario; every thread delivers every key. */
	protected static final int KEYS = 300;

	/** @return the store under test */
	protected abstract IdempotencyStore store();

	/**
	 * Runs one business unit of work: commits when {@code work} returns, rolls back when it throws.
	 * @param work the work
	 * @param <T> its result
	 * @return its result
	 */
	protected abstract <T> T inBusinessUnit(Supplier<T> work);

	/**
	 * @param failure an exception out of {@link #inBusinessUnit}
	 * @return true for a transient failure (deadlock victim, lock wait timeout) that the container would retry
	 */
	protected boolean isTransient(Throwable failure) {
		return false;
	}

	/**
	 * Called while one unit holds a claim on a key and a second unit tries to claim it on {@code second}: returns
	 * once the second claim is blocked (transactional stores) or answered (e.g. {@link ClaimResult#IN_PROGRESS}).
	 * @param second the second claimer
	 * @throws Exception when interrupted
	 */
	protected void awaitSecondClaimBlockedOrAnswered(Future<ClaimResult> second) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (!second.isDone() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	/** @return a consumer group no other test uses */
	protected String freshGroup() {
		return "contract-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Delivers a key once the way the listener interceptor does: claim, effect, commit, then completed; released on
	 * failure.
	 * @param key the key
	 * @param effect the business effect, run inside the unit when the key was claimed
	 * @return the claim result
	 */
	protected ClaimResult deliver(IdempotencyKey key, Runnable effect) {
		Claim claim = Claim.of(key, System.currentTimeMillis());
		boolean[] claimed = new boolean[1];
		try {
			ClaimResult result = inBusinessUnit(() -> {
				ClaimResult r = store().claim(claim);
				if (r == ClaimResult.CLAIMED) {
					claimed[0] = true;
					effect.run();
				}
				return r;
			});
			if (result == ClaimResult.CLAIMED) {
				store().completed(claim);
			}
			return result;
		}
		catch (RuntimeException ex) {
			if (claimed[0]) {
				store().released(claim);
			}
			throw ex;
		}
	}

	@Test
	void firstClaimWinsAndARepeatIsADuplicate() {
		IdempotencyKey key = IdempotencyKey.of(freshGroup(), "evt-1");
		assertThat(deliver(key, () -> { })).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(key, () -> { })).isEqualTo(ClaimResult.DUPLICATE);
		assertThat(deliver(key, () -> { })).isEqualTo(ClaimResult.DUPLICATE);
	}

	@Test
	void aFailedUnitReleasesItsClaimSoTheRetryRuns() {
		IdempotencyKey key = IdempotencyKey.of(freshGroup(), "evt-fails-once");
		assertThatThrownBy(() -> deliver(key, () -> {
			throw new IllegalStateException("listener failed");
		})).hasMessage("listener failed");
		AtomicInteger effects = new AtomicInteger();
		assertThat(deliver(key, effects::incrementAndGet)).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(key, effects::incrementAndGet)).isEqualTo(ClaimResult.DUPLICATE);
		assertThat(effects).hasValue(1);
	}

	@Test
	void groupsAreIndependent() {
		String key = "evt-shared";
		assertThat(deliver(IdempotencyKey.of(freshGroup(), key), () -> { })).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(IdempotencyKey.of(freshGroup(), key), () -> { })).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void keysAreComparedExactly() {
		String group = freshGroup();
		for (String key : List.of("Key", "key", "key ", "kéy", "kèy", "键")) {
			assertThat(deliver(IdempotencyKey.of(group, key), () -> { })).as(key).isEqualTo(ClaimResult.CLAIMED);
		}
		assertThat(deliver(IdempotencyKey.of(group, "key "), () -> { })).isEqualTo(ClaimResult.DUPLICATE);
	}

	@Test
	void longKeysAreHashedAndStayDistinct() {
		String group = freshGroup();
		String base = "order-42:".repeat(100);
		IdempotencyKey a = IdempotencyKey.of(group, base + "A");
		IdempotencyKey b = IdempotencyKey.of(group, base + "B");
		assertThat(a.key()).startsWith(IdempotencyKey.HASH_PREFIX).isNotEqualTo(b.key());
		assertThat(deliver(a, () -> { })).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(b, () -> { })).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(IdempotencyKey.of(group, base + "A"), () -> { })).isEqualTo(ClaimResult.DUPLICATE);
		IdempotencyKey longGroup = IdempotencyKey.of("g".repeat(400), "evt-1");
		assertThat(deliver(longGroup, () -> { })).isEqualTo(ClaimResult.CLAIMED);
		assertThat(deliver(longGroup, () -> { })).isEqualTo(ClaimResult.DUPLICATE);
	}

	@Test
	void aSecondClaimWhileTheFirstUnitIsOpenWaitsForItsOutcome() throws Exception {
		// first unit rolls back: the waiting claim gets the key; first unit commits: the waiting claim is a duplicate
		assertSecondClaimSees(false, ClaimResult.CLAIMED);
		assertSecondClaimSees(true, ClaimResult.DUPLICATE);
	}

	private void assertSecondClaimSees(boolean firstCommits, ClaimResult expected) throws Exception {
		IdempotencyKey key = IdempotencyKey.of(freshGroup(), "evt-contended");
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<ClaimResult> first = pool.submit(() -> deliver(key, () -> {
				claimed.countDown();
				await(finish);
				if (!firstCommits) {
					throw new IllegalStateException("first unit fails");
				}
			}));
			assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
			Future<ClaimResult> second = pool.submit(() -> deliver(key, () -> { }));
			awaitSecondClaimBlockedOrAnswered(second);
			if (second.isDone()) {
				assertThat(second.get()).as("a store that answers at once must say IN_PROGRESS")
					.isEqualTo(ClaimResult.IN_PROGRESS);
				finish.countDown();
				completes(first, firstCommits);
				assertThat(deliver(key, () -> { })).isEqualTo(expected);
			}
			else {
				finish.countDown();
				completes(first, firstCommits);
				assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
			}
		}
		finally {
			finish.countDown();
			pool.shutdownNow();
		}
	}

	private static void completes(Future<ClaimResult> first, boolean commits) throws Exception {
		if (commits) {
			assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(ClaimResult.CLAIMED);
		}
		else {
			assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS)).hasRootCauseMessage("first unit fails");
		}
	}

	@Test
	void manyThreadsDeliveringTheSameKeysApplyEachExactlyOnce() throws Exception {
		String group = freshGroup();
		List<String> keys = IntStream.range(0, KEYS).mapToObj((i) -> "evt-" + i).toList();
		Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
		AtomicInteger claims = new AtomicInteger();
		AtomicInteger transientRetries = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				List<String> order = new ArrayList<>(keys);
				Collections.shuffle(order, new java.util.Random(t));
				workers.add(pool.submit(() -> {
					await(start);
					for (String k : order) {
						IdempotencyKey key = IdempotencyKey.of(group, k);
						while (true) {
							try {
								List<String> pending = new ArrayList<>(1);
								ClaimResult result = deliver(key, () -> pending.add(k));
								if (result == ClaimResult.CLAIMED) {
									claims.incrementAndGet();
									// counted only once the unit committed
									pending.forEach((p) -> effects.computeIfAbsent(p, (x) -> new AtomicInteger()).incrementAndGet());
								}
								if (result != ClaimResult.IN_PROGRESS) {
									break;
								}
							}
							catch (RuntimeException ex) {
								if (!isTransient(ex)) {
									throw ex;
								}
								transientRetries.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(claims).hasValue(KEYS);
		assertThat(effects).hasSize(KEYS);
		assertThat(effects.values()).allSatisfy((count) -> assertThat(count).hasValue(1));
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("latch not released within 60 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
