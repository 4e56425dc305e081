package io.github.reliablemessaging.benchmarks.peers.idempotency;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.utils.AppInfoParser;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.github.reliablemessaging.benchmarks.peer.ClientVersions;
import io.github.reliablemessaging.benchmarks.peer.PeerProcess;
import io.github.reliablemessaging.benchmarks.peer.PeerResult;
import io.github.reliablemessaging.idempotency.IdempotentListener;

/**
 * Peer JVM of the idempotency scenario. Protocol on standard output, like the other peers: {@code --list} prints one
 * {@code SYSTEM <name> <client>} line per system; a run ({@code --system=... --bootstrap-servers=... --topic=...
 * --group-id=... --concurrency=... --deliveries=... --jdbc-url=... --jdbc-user=... --jdbc-password=...
 * [--redis-uri=...] --timeout-seconds=...}) starts the listener application, waits until the container has made every
 * expected delivery, stops the application (the container commits) and prints one {@link PeerResult} line. The
 * runner checks the database itself.
 */
public final class IdempotencyPeerMain {

	private IdempotencyPeerMain() {
	}

	/**
	 * @param args {@code --list} or the run's settings
	 */
	public static void main(String[] args) {
		// the protocol owns standard output; anything a library prints goes to standard error
		PrintStream protocol = System.out;
		System.setOut(System.err);
		int status = 0;
		try {
			if (args.length == 1 && args[0].equals("--list")) {
				for (IdempotencySystem system : IdempotencySystem.all()) {
					protocol.println(PeerProcess.SYSTEM + system.label() + " " + client());
				}
			}
			else {
				protocol.println(run(arguments(args)).toLine());
			}
		}
		catch (Throwable ex) {
			System.err.println("Peer failed: " + ex);
			ex.printStackTrace();
			status = 1;
		}
		protocol.flush();
		System.exit(status);
	}

	private static PeerResult run(Map<String, String> args) throws InterruptedException {
		IdempotencySystem system = IdempotencySystem.of(required(args, "system"));
		int expected = Integer.parseInt(required(args, "deliveries"));
		int timeoutSeconds = Integer.parseInt(required(args, "timeout-seconds"));
		Deliveries deliveries = new Deliveries(expected);

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("logging.level.root", "warn");
		properties.put("spring.kafka.bootstrap-servers", required(args, "bootstrap-servers"));
		properties.put("spring.kafka.consumer.group-id", required(args, "group-id"));
		properties.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		properties.put("spring.kafka.consumer.enable-auto-commit", "false");
		properties.put("spring.datasource.url", required(args, "jdbc-url"));
		properties.put("spring.datasource.username", required(args, "jdbc-user"));
		properties.put("spring.datasource.password", args.getOrDefault("jdbc-password", ""));
		int concurrency = Integer.parseInt(required(args, "concurrency"));
		properties.put("spring.datasource.hikari.maximum-pool-size", String.valueOf(concurrency + 4));
		properties.put("spring.datasource.hikari.auto-commit", String.valueOf(system.poolAutoCommit()));
		properties.put("bench.topic", required(args, "topic"));
		properties.put("bench.concurrency", String.valueOf(concurrency));
		properties.put("bench.listener",
				system.idempotent() ? "idempotent" : system.transactional() ? "transactional" : "plain");
		properties.put("reliable.idempotency.enabled", String.valueOf(system.idempotent()));
		properties.put("reliable.idempotency.redis.enabled", String.valueOf(system.redis()));
		if (system.redis()) {
			properties.put("bench.redis-uri", required(args, "redis-uri"));
		}

		SpringApplication application = new SpringApplication(IdempotencyBenchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(properties);
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("benchDeliveries", deliveries));

		Map<String, Double> metrics = new LinkedHashMap<>();
		Map<String, Long> checks = new LinkedHashMap<>();
		boolean complete;
		try (ConfigurableApplicationContext context = application.run()) {
			complete = deliveries.await(timeoutSeconds, TimeUnit.SECONDS);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// stop the container first: it commits what it processed before the context goes away
			context.getBeansOfType(MessageListenerContainer.class).values().forEach(MessageListenerContainer::stop);
			if (complete) {
				metrics.put("records_per_s", deliveries.perSecond());
				metrics.put("listener_p50_ms", deliveries.listenerMillis(0.50));
				metrics.put("listener_p99_ms", deliveries.listenerMillis(0.99));
			}
			else {
				System.err.println("Only " + deliveries.done() + " of " + expected + " deliveries within " + timeoutSeconds
						+ " s; threads:");
				Thread.getAllStackTraces().forEach((thread, stack) -> {
					System.err.println("\"" + thread.getName() + "\" " + thread.getState());
					for (StackTraceElement frame : stack) {
						System.err.println("\tat " + frame);
					}
				});
			}
			if (system.idempotent()) {
				checks.put("skipped_redis", skipped(meters, "redis"));
				checks.put("skipped_db", skipped(meters, "db"));
			}
		}
		checks.put("deliveries", (long) deliveries.done());
		checks.put("incomplete_runs", complete ? 0L : 1L);
		return new PeerResult(metrics, checks, client());
	}

	private static long skipped(MeterRegistry meters, String layer) {
		return Math.round(meters.find("reliable.idempotency.duplicates")
			.tag("layer", layer)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum());
	}

	static String client() {
		return "kafka-clients " + AppInfoParser.getVersion() + ", "
				+ ClientVersions.of(MessageListenerContainer.class, "spring-kafka") + ", "
				+ version(ClientVersions.of("io.github.reliablemessaging", "starter-idempotency"), IdempotentListener.class,
						"starter-idempotency")
				+ ", " + ClientVersions.of("org.redisson", "redisson") + ", "
				+ ClientVersions.of(com.mysql.cj.jdbc.Driver.class, "mysql-connector-j");
	}

	private static String version(String fromPom, Class<?> type, String name) {
		if (!fromPom.endsWith("?")) {
			return fromPom;
		}
		String fromManifest = type.getPackage().getImplementationVersion();
		return name + " " + ((fromManifest != null) ? fromManifest : "(this build)");
	}

	private static Map<String, String> arguments(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			values.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		return values;
	}

	private static String required(Map<String, String> args, String name) {
		String value = args.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name + "=...");
		}
		return value;
	}

}
