package io.github.reliablemessaging.ops.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SendRateLimiterTest {

	/**
	 * Most passes in any window of the given length. The limiter's bound is {@code rate × window + 1}; senders that
	 * wake late (a loaded machine) can bunch up, at most one per thread, hence the tolerance of the callers.
	 */
	static int maxInAnyWindow(List<Long> nanos, Duration window) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int max = 0;
		int start = 0;
		for (int end = 0; end < sorted.size(); end++) {
			while (sorted.get(end) - sorted.get(start) >= window.toNanos()) {
				start++;
			}
			max = Math.max(max, end - start + 1);
		}
		return max;
	}

	@Test
	void manyThreadsTogetherGetNoMoreThanTheRateInAnySecond() throws Exception {
		SendRateLimiter limiter = new SendRateLimiter();
		limiter.setRate(100);
		int threads = 8;
		ConcurrentLinkedQueue<Long> passes = new ConcurrentLinkedQueue<>();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
		for (int t = 0; t < threads; t++) {
			pool.submit(() -> {
				go.await();
				while (System.nanoTime() < end) {
					limiter.acquire();
					passes.add(System.nanoTime());
				}
				return null;
			});
		}
		go.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(maxInAnyWindow(List.copyOf(passes), Duration.ofSeconds(1))).isLessThanOrEqualTo(100 + threads + 1);
		assertThat(passes.size()).as("senders were held back, not stopped").isGreaterThan(100);
		assertThat(limiter.throttledSends()).isGreaterThan(0);
	}

	@Test
	void liftingTheLimitReleasesTheWaitingSendersAtOnce() throws Exception {
		SendRateLimiter limiter = new SendRateLimiter();
		limiter.setRate(1);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		List<Future<?>> senders = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			senders.add(pool.submit(() -> {
				limiter.acquire();
				return null;
			}));
		}
		// at one per second the last sender would wait about five seconds
		await().atMost(Duration.ofSeconds(5)).until(() -> senders.stream().filter(Future::isDone).count() >= 1);

		limiter.setRate(0);

		await().atMost(Duration.ofSeconds(3)).until(() -> senders.stream().allMatch(Future::isDone));
		pool.shutdownNow();
	}

	@Test
	void aNegativeRateIsRefused() {
		assertThatThrownBy(() -> new SendRateLimiter().setRate(-1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("0 = unlimited");
	}

}
