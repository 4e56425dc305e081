package io.github.reliablemessaging.benchmarks.ordered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The 1 ms handler's ceiling as the machine offers it at this moment: {@code n} bare threads doing nothing but
 * {@code Thread.sleep(1)} in a loop, no Kafka, no queues. On a shared machine a sleep of 1 ms takes longer the busier
 * the machine is and the more threads sleep at once, so the ceiling computed from one thread's sleep at the start of
 * the run is higher than what any consumer can reach later; measured right before a run it is comparable.
 */
final class BareSleepers {

	private BareSleepers() {
	}

	/**
	 * @param threads threads sleeping at once
	 * @param duration how long to measure
	 * @return sleeps per second of all threads together
	 * @throws InterruptedException if interrupted
	 */
	static double sleepsPerSecond(int threads, Duration duration) throws InterruptedException {
		LongAdder sleeps = new LongAdder();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		List<Thread> sleepers = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try {
					while (System.nanoTime() < end) {
						Thread.sleep(1);
						sleeps.increment();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-bare-sleeper-" + i);
			thread.setDaemon(true);
			sleepers.add(thread);
			thread.start();
		}
		for (Thread thread : sleepers) {
			thread.join();
		}
		return sleeps.sum() * 1e9 / (System.nanoTime() - start);
	}

}
