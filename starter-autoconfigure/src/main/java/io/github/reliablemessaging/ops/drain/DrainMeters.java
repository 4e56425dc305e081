package io.github.reliablemessaging.ops.drain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Micrometer gauges of every drain of this application, tagged {@code listener}, from the coordinator's last
 * sample: {@code reliable.drain.forwarded}, {@code reliable.drain.drained}, {@code reliable.drain.remaining}
 * (records), {@code reliable.drain.rate} (records/s), {@code reliable.drain.eta} (seconds, -1 unknown) and
 * {@code reliable.drain.active} (1 while the drain holds the listener back).
 */
public class DrainMeters implements SmartInitializingSingleton {

	private final DrainService drains;

	private final ObjectProvider<MeterRegistry> registry;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	/**
	 * @param drains the drain service
	 * @param registry where the gauges go
	 */
	public DrainMeters(DrainService drains, ObjectProvider<MeterRegistry> registry) {
		this.drains = drains;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.drains.onSampled(this::register);
	}

	private void register(String listenerId) {
		MeterRegistry meters = this.registry.getIfAvailable();
		if (meters == null || !this.registered.add(listenerId)) {
			return;
		}
		gauge(meters, "reliable.drain.forwarded", listenerId, "records", (s) -> s.forwarded());
		gauge(meters, "reliable.drain.drained", listenerId, "records", (s) -> s.drained());
		gauge(meters, "reliable.drain.remaining", listenerId, "records", (s) -> s.remaining());
		gauge(meters, "reliable.drain.rate", listenerId, "records/s", DrainStatus::ratePerSecond);
		gauge(meters, "reliable.drain.eta", listenerId, "seconds", (s) -> (s.etaSeconds() != null) ? s.etaSeconds() : -1);
		gauge(meters, "reliable.drain.active", listenerId, null,
				(s) -> ("NONE".equals(s.phase()) || DrainPhase.DONE.name().equals(s.phase())) ? 0 : 1);
	}

	private void gauge(MeterRegistry meters, String name, String listenerId, String unit, ToDoubleFunction<DrainStatus> value) {
		Gauge.builder(name, this.drains, (service) -> {
			DrainStatus status = service.lastSampled(listenerId);
			return (status != null) ? value.applyAsDouble(status) : Double.NaN;
		}).tag("listener", listenerId).baseUnit(unit).description("Backlog drain of listener " + listenerId).register(meters);
	}

}
