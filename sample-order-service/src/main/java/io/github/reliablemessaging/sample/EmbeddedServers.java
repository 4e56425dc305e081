package io.github.reliablemessaging.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reliablemessaging.testsupport.InfrastructureMode;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.RealRedis;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's embedded default: before the application context starts, launches an in-process Kafka KRaft
 * broker, three MariaDB servers (metadata and two sets, binlog ROW) and a Redis, and points Spring Boot's
 * properties at them. A Redis that cannot start leaves idempotency database-only (said in the log). Demo passwords not
 * given in the configuration are generated (and printed once the application is ready). Off with {@code sample.embedded.enabled=false} (the {@code compose} profile does that).
 * {@code sample.embedded.mode=local} uses the machine's {@code mariadbd} and {@code redis-server} instead of the
 * Maven Central artifacts (faster start). {@code sample.embedded.extra-sets=1} adds a fourth MariaDB as a third set
 * {@code set3} for the rebalance drill: configured and migrated, but not among {@code reliable.sharding.initial-sets}
 * (set1, set2), so it starts EMPTY and the drill "add a set and rebalance onto it" moves slots to it.
 */
public class EmbeddedServers implements EnvironmentPostProcessor {

	static final List<String> DATABASES = List.of("meta", "set1", "set2");

	private final Log log;

	private final List<AutoCloseable> started = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	public EmbeddedServers(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(EmbeddedServers.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.embedded.enabled", Boolean.class, true)) {
			return;
		}
		InfrastructureMode mode = InfrastructureMode.parse(environment.getProperty("sample.embedded.mode", "embedded"));
		if (mode == InfrastructureMode.DOCKER || mode == InfrastructureMode.AUTO) {
			throw new IllegalStateException("sample.embedded.mode must be 'embedded' or 'local'; for Docker use the compose profile");
		}
		long start = System.nanoTime();
		CompletableFuture<RealKafka> kafka = CompletableFuture.supplyAsync(() -> RealKafka.launch(1, mode));
		CompletableFuture<RealRedis> redis = environment.getProperty("sample.embedded.redis", Boolean.class, true)
				? CompletableFuture.supplyAsync(() -> RealRedis.launch(mode))
				: CompletableFuture.failedFuture(new IllegalStateException("sample.embedded.redis=false"));
		Map<String, CompletableFuture<RealMySql>> databases = new LinkedHashMap<>();
		int serverId = 1;
		List<String> names = new java.util.ArrayList<>(DATABASES);
		int extraSets = environment.getProperty("sample.embedded.extra-sets", Integer.class, 0);
		for (int i = 0; i < extraSets; i++) {
			names.add("set" + (DATABASES.size() + i));
		}
		for (String name : names) {
			MySqlOptions options = MySqlOptions.defaults().withBinlog(true).withServerId(serverId++);
			databases.put(name, CompletableFuture.supplyAsync(() -> RealMySql.launch(options, mode)));
		}
		Map<String, Object> props = new LinkedHashMap<>();
		closeWithContext(application);
		try {
			RealKafka broker = kafka.join();
			props.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
			RealRedis cache = startedOrNull(redis);
			if (cache != null) {
				props.put("spring.data.redis.host", cache.host());
				props.put("spring.data.redis.port", cache.port());
				this.started.add(cache);
			}
			else {
				// DB-only idempotency: the unique row in the business transaction still decides; only the pre-check goes
				props.put("reliable.idempotency.redis.enabled", "false");
				props.put("management.health.redis.enabled", "false");
				props.put("spring.autoconfigure.exclude", "org.redisson.spring.starter.RedissonAutoConfigurationV2,"
						+ "org.redisson.spring.starter.RedissonAutoConfigurationV4,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration");
			}
			for (Map.Entry<String, CompletableFuture<RealMySql>> entry : databases.entrySet()) {
				RealMySql server = entry.getValue().join();
				String schema = "orders_" + entry.getKey();
				server.createDatabase(schema);
				props.put("sample.databases." + entry.getKey() + ".url", server.jdbcUrl(schema));
				props.put("sample.databases." + entry.getKey() + ".username", server.username());
				props.put("sample.databases." + entry.getKey() + ".password", server.password());
				if (!DATABASES.contains(entry.getKey())) {
					// an extra set: configured like the others, but left out of the initial sets, so it starts empty
					String set = "reliable.sharding.sets." + entry.getKey();
					props.put(set + ".url", server.jdbcUrl(schema));
					props.put(set + ".username", server.username());
					props.put(set + ".password", server.password());
				}
				this.started.add(server);
			}
			this.started.add(broker);
			if (extraSets > 0 && !environment.containsProperty("reliable.sharding.initial-sets")) {
				// only set1 and set2 get slots at the store's first start (every embedded start is one)
				props.put("reliable.sharding.initial-sets", String.join(",", DATABASES.subList(1, DATABASES.size())));
			}
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Could not start the embedded servers (" + mode + "): " + ex.getCause().getMessage()
					+ ". Try sample.embedded.mode=local, or the compose profile with Docker.", ex.getCause());
		}
		generateDemoCredentials(environment, props);
		environment.getPropertySources().addFirst(new MapPropertySource("sampleEmbeddedServers", props));
		StringBuilder summary = new StringBuilder("kafka=").append(props.get("spring.kafka.bootstrap-servers"));
		summary.append(", redis=").append(props.containsKey("spring.data.redis.port")
				? props.get("spring.data.redis.host") + ":" + props.get("spring.data.redis.port") : "none (database-only idempotency)");
		for (String name : names) {
			summary.append(", ").append(name).append('=').append(props.get("sample.databases." + name + ".url"));
		}
		this.log.info("Embedded servers (" + mode.name().toLowerCase() + ") up in " + (System.nanoTime() - start) / 1_000_000
				+ " ms: " + summary);
	}

	private RealRedis startedOrNull(CompletableFuture<RealRedis> redis) {
		try {
			return redis.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			this.log.warn("Embedded Redis did not start (" + cause.getMessage() + "): @IdempotentListener runs "
					+ "DATABASE-ONLY (no Redis pre-check; the idempotency row in the business transaction still catches "
					+ "every duplicate)");
			return null;
		}
	}

	/** The demo has no fixed passwords: generated ones, printed when the application is ready. */
	private static void generateDemoCredentials(ConfigurableEnvironment environment, Map<String, Object> props) {
		boolean generated = false;
		for (String user : List.of("admin", "viewer")) {
			if (!environment.containsProperty("sample.security." + user + ".password")) {
				props.put("sample.security." + user + ".password", randomPassword());
				generated = true;
			}
		}
		props.put("sample.security.generated", generated);
		props.put("sample.security.port", environment.getProperty("server.port", "8080"));
	}

	private static String randomPassword() {
		byte[] bytes = new byte[12];
		new java.security.SecureRandom().nextBytes(bytes);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Stops the servers after the application context has closed (listeners, relay, pools and producers stopped
	 * first): as the context's first registered disposable bean they are destroyed last. The JVM shutdown hook covers
	 * a context that never started; it waits for a closing context before it pulls the servers away.
	 */
	private void closeWithContext(SpringApplication application) {
		AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
		application.addInitializers((ctx) -> {
			context.set(ctx);
			if (ctx.getBeanFactory() instanceof DefaultListableBeanFactory factory) {
				factory.registerDisposableBean("sampleEmbeddedServers", this::closeServers);
			}
		});
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			ConfigurableApplicationContext ctx = context.get();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (ctx != null && ctx.isActive() && System.nanoTime() < deadline) {
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					break;
				}
			}
			closeServers();
		}, "sample-embedded-shutdown"));
	}

	private void closeServers() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (AutoCloseable server : this.started) {
			try {
				server.close();
			}
			catch (Exception ex) {
				// the JVM is going away
			}
		}
	}

}
