package io.github.reliablemessaging.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.reliablemessaging.ops.endpoint.CanaryArea;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryHealthIndicator;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryListener;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryMonitor;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The end-to-end canary ({@code reliable.monitoring.canary.enabled=true}, off by default): meters
 * {@code reliable.canary.*}, the {@code reliableCanary} health indicator and {@code GET /actuator/reliable/canary}.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class })
@ConditionalOnClass(KafkaProperties.class)
@ConditionalOnBean(KafkaProperties.class)
@ConditionalOnBooleanProperty(name = "reliable.monitoring.canary.enabled")
@EnableConfigurationProperties(ReliableMonitoringProperties.class)
public final class CanaryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CanaryMonitor canaryMonitor(ReliableMonitoringProperties properties, KafkaProperties kafka, Environment environment,
			ObjectProvider<SwitchBoard> board, ObjectProvider<CanaryListener> listeners) {
		ReliableMonitoringProperties.Canary canary = properties.getCanary();
		String instance = board.getIfAvailable() != null ? board.getObject().instanceId()
				: environment.getProperty("spring.application.name", "application") + "@"
						+ ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
		CanaryMonitor monitor = new CanaryMonitor(new CanaryMonitor.Settings(canary.getTopic(), instance.replace('|', '/'),
				canary.getInterval(), canary.getLossGrace(), canary.getPartitions(), canary.getReplicationFactor(),
				canary.getLatencyWindow(), canary.getAvailabilityWindow(), canary.getAvailabilityThreshold()),
				kafka.buildAdminProperties());
		listeners.orderedStream().forEach(monitor::addListener);
		monitor.start();
		return monitor;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean(name = "reliableCanaryMeters")
		MeterBinder reliableCanaryMeters(CanaryMonitor monitor) {
			return (registry) -> monitor.addListener(new CanaryListener() {

				@Override
				public void started(List<Integer> partitions) {
					partitions.forEach((partition) -> register(registry, monitor, partition));
				}

				@Override
				public void delivered(int partition, long latencyMillis) {
					latency(registry, monitor, partition).record(latencyMillis, TimeUnit.MILLISECONDS);
				}

			});
		}

		private static Timer latency(MeterRegistry registry, CanaryMonitor monitor, int partition) {
			return Timer.builder("reliable.canary.latency")
				.description("End-to-end latency of canary records, from send to read back")
				.tags(tags(monitor, partition))
				.publishPercentiles(0.5, 0.99)
				.register(registry);
		}

		private static void register(MeterRegistry registry, CanaryMonitor monitor, int partition) {
			Tags tags = tags(monitor, partition);
			latency(registry, monitor, partition);
			// the monitor (a bean) is the meters' state object: Micrometer only holds it weakly
			counter(registry, monitor, "reliable.canary.records.sent", "Canary records sent", tags,
					(m) -> m.counters(partition).sent());
			counter(registry, monitor, "reliable.canary.records.delivered", "Canary records read back", tags,
					(m) -> m.counters(partition).delivered());
			counter(registry, monitor, "reliable.canary.records.lost",
					"Canary records acknowledged by Kafka but not read back within the grace period", tags,
					(m) -> m.counters(partition).lost());
			counter(registry, monitor, "reliable.canary.records.duplicated", "Canary records read back more than once", tags,
					(m) -> m.counters(partition).duplicates());
			counter(registry, monitor, "reliable.canary.records.send.errors", "Canary records Kafka did not accept", tags,
					(m) -> m.counters(partition).sendErrors());
			Gauge.builder("reliable.canary.availability", monitor, (m) -> m.counters(partition).recentAvailability())
				.description("Share of the latest canary records that were delivered")
				.tags(tags)
				.register(registry);
		}

		private static void counter(MeterRegistry registry, CanaryMonitor monitor, String name, String description, Tags tags,
				ToDoubleFunction<CanaryMonitor> count) {
			FunctionCounter.builder(name, monitor, count).description(description).tags(tags).register(registry);
		}

		private static Tags tags(CanaryMonitor monitor, int partition) {
			return Tags.of("topic", monitor.report().topic(), "partition", String.valueOf(partition));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean(name = "reliableCanaryHealthIndicator")
		CanaryHealthIndicator reliableCanaryHealthIndicator(CanaryMonitor monitor) {
			return new CanaryHealthIndicator(monitor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebEndpoint.class)
	static class Endpoint {

		@Bean
		@ConditionalOnMissingBean
		CanaryArea reliableCanaryArea(CanaryMonitor monitor) {
			return new CanaryArea(monitor);
		}

	}

}
