package io.github.reliablemessaging.ordered.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.github.reliablemessaging.ordered.OrderedContainerInitializer;
import io.github.reliablemessaging.ordered.OrderedMessageListenerContainer;
import io.github.reliablemessaging.ordered.OrderedStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.core.Ordered;

/**
 * Micrometer meters of each ordered listener, tagged {@code listener=<id>}. Counters and the timer read the
 * engine's striped counters, so workers never contend on a meter.
 */
public final class OrderedMeters implements OrderedContainerInitializer, Ordered {

	private final Supplier<MeterRegistry> registry;

	/** @param registry the registry, resolved when a container is created (null: no meters) */
	public OrderedMeters(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void initialize(OrderedMessageListenerContainer<?, ?> container) {
		MeterRegistry meters = this.registry.get();
		String id = container.getListenerId();
		if (meters == null || id == null) {
			return;
		}
		Tags tags = Tags.of("listener", id);
		gauge(meters, tags, container, "reliable.ordered.queue.depth", "Records waiting in worker queues or behind a key in retry",
				(stats) -> stats.queued());
		gauge(meters, tags, container, "reliable.ordered.in.flight", "Records received and not yet committable",
				(stats) -> stats.inFlight());
		gauge(meters, tags, container, "reliable.ordered.commit.lag", "Offsets between the consumer position and the last commit",
				(stats) -> stats.commitLag());
		gauge(meters, tags, container, "reliable.ordered.paused.partitions", "Partitions paused (operator, backpressure, resize)",
				(stats) -> stats.pausedPartitions());
		gauge(meters, tags, container, "reliable.ordered.parked.keys", "Keys waiting for a retry of their head record",
				(stats) -> stats.parkedKeys());
		gauge(meters, tags, container, "reliable.ordered.concurrency", "Worker threads running",
				(stats) -> stats.concurrency());
		counter(meters, tags, container, "reliable.ordered.records", "Records processed successfully",
				(stats) -> stats.processed());
		counter(meters, tags, container, "reliable.ordered.retries", "Retries scheduled for failing records",
				(stats) -> stats.retries());
		counter(meters, tags, container, "reliable.ordered.dead.lettered", "Records handed to the recoverer after their retries",
				(stats) -> stats.deadLettered());
		counter(meters, tags, container, "reliable.ordered.resizes", "Worker pool swaps", (stats) -> stats.resizes());
		FunctionTimer.builder("reliable.ordered.processing", container, (c) -> c.stats().invocations(),
				(c) -> c.stats().invocationNanos(), TimeUnit.NANOSECONDS)
			.description("Listener invocations and the time spent in them")
			.tags(tags)
			.register(meters);
	}

	private static void gauge(MeterRegistry meters, Tags tags, OrderedMessageListenerContainer<?, ?> container, String name,
			String description, ToDoubleFunction<OrderedStats> value) {
		Gauge.builder(name, container, (c) -> value.applyAsDouble(c.stats())).description(description).tags(tags).register(meters);
	}

	private static void counter(MeterRegistry meters, Tags tags, OrderedMessageListenerContainer<?, ?> container, String name,
			String description, ToDoubleFunction<OrderedStats> value) {
		FunctionCounter.builder(name, container, (c) -> value.applyAsDouble(c.stats()))
			.description(description)
			.tags(tags)
			.register(meters);
	}

	@Override
	public int getOrder() {
		return 10;
	}

}
