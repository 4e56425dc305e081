package io.github.reliablemessaging.sample.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.reliablemessaging.sample.order.Order;
import io.github.reliablemessaging.sample.order.OrderService;
import io.github.reliablemessaging.sample.order.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates N orders over M users and drives each through its life cycle (CREATED → PAID → SHIPPED → COMPLETED, a share
 * cancelled after CREATED or PAID) through the same service the API uses. One order's steps run one after the other
 * on one thread — nothing is shuffled within a key — while different orders run in parallel. A share of the events
 * is written twice to the outbox, right behind the original, so the consumer sees duplicate deliveries in order.
 */
@Component
public class LoadGenerator {

	private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

	private final OrderService orders;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	LoadGenerator(OrderService orders) {
		this.orders = orders;
	}

	/**
	 * Starts a load run in the background.
	 * @param spec what to generate (validated by the caller)
	 * @return the running job
	 */
	public Job start(LoadSpec spec) {
		Job job = new Job("load-" + this.sequence.incrementAndGet(), spec, Instant.now());
		this.jobs.put(job.id, job);
		AtomicInteger threadNo = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), (r) -> {
			Thread thread = new Thread(r, "sample-load-" + job.id + "-" + threadNo.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		long seed = spec.seed();
		for (int i = 0; i < spec.orders(); i++) {
			int index = i;
			pool.execute(() -> runOrder(job, new SplittableRandom(seed * 1_000_003L + index), index));
		}
		pool.shutdown();
		Thread waiter = new Thread(() -> {
			try {
				pool.awaitTermination(1, TimeUnit.DAYS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			job.finished = Instant.now();
			log.info("Load {} done: {}", job.id, job.view());
		}, "sample-load-" + job.id + "-wait");
		waiter.setDaemon(true);
		waiter.start();
		log.info("Load {} started: {}", job.id, spec);
		return job;
	}

	/**
	 * @param id a job id
	 * @return the job, or null
	 */
	public Job job(String id) {
		return this.jobs.get(id);
	}

	/** @return every job */
	public java.util.Collection<Job> jobs() {
		return this.jobs.values();
	}

	private void runOrder(Job job, SplittableRandom random, int index) {
		LoadSpec spec = job.spec;
		try {
			long userId = spec.firstUserId() + (index % spec.users());
			BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(99_900)).movePointLeft(2).setScale(2,
					RoundingMode.UNNECESSARY);
			Order order = this.orders.create(userId, amount, random.nextDouble() < spec.duplicates());
			job.events(1);
			OrderStatus[] path = pathOf(random, spec.cancelled());
			for (OrderStatus next : path) {
				this.orders.transition(order.orderNo(), next, random.nextDouble() < spec.duplicates());
				job.events(1);
			}
			job.completed.incrementAndGet();
		}
		catch (RuntimeException ex) {
			job.failed.incrementAndGet();
			job.lastError = ex.toString();
			log.warn("Load {}: order {} failed: {}", job.id, index, ex.toString());
		}
	}

	private static OrderStatus[] pathOf(SplittableRandom random, double cancelled) {
		if (random.nextDouble() < cancelled) {
			return random.nextBoolean() ? new OrderStatus[] { OrderStatus.CANCELLED }
					: new OrderStatus[] { OrderStatus.PAID, OrderStatus.CANCELLED };
		}
		return new OrderStatus[] { OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED };
	}

	/**
	 * What to generate.
	 *
	 * @param orders number of orders
	 * @param users number of buyers (user ids firstUserId .. firstUserId + users - 1)
	 * @param firstUserId first user id
	 * @param duplicates share of events written twice (0 to 1)
	 * @param cancelled share of orders cancelled (0 to 1)
	 * @param threads orders driven in parallel
	 * @param seed random seed (amounts, paths, duplicates)
	 */
	public record LoadSpec(int orders, int users, long firstUserId, double duplicates, double cancelled, int threads,
			long seed) {
	}

	/** A load run. */
	public static final class Job {

		final String id;

		final LoadSpec spec;

		final Instant started;

		volatile Instant finished;

		final AtomicInteger completed = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		final AtomicLong events = new AtomicLong();

		volatile String lastError;

		Job(String id, LoadSpec spec, Instant started) {
			this.id = id;
			this.spec = spec;
			this.started = started;
		}

		void events(long n) {
			this.events.addAndGet(n);
		}

		/** @return whether every order went through its life cycle (or failed) */
		public boolean isDone() {
			return this.finished != null;
		}

		/** @return orders that failed */
		public int failed() {
			return this.failed.get();
		}

		/** @return a JSON-friendly view */
		public Map<String, Object> view() {
			Map<String, Object> view = new java.util.LinkedHashMap<>();
			view.put("id", this.id);
			view.put("state", (this.finished != null) ? "DONE" : "RUNNING");
			view.put("orders", this.spec.orders());
			view.put("users", this.spec.users());
			view.put("ordersDone", this.completed.get());
			view.put("ordersFailed", this.failed.get());
			view.put("statusChanges", this.events.get());
			view.put("started", this.started.toString());
			view.put("finished", (this.finished != null) ? this.finished.toString() : null);
			if (this.finished != null) {
				view.put("seconds", java.time.Duration.between(this.started, this.finished).toMillis() / 1000.0);
			}
			view.put("lastError", this.lastError);
			return view;
		}

	}

}
