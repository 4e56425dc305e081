package io.github.reliablemessaging.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.reliablemessaging.testsupport.InfrastructureMode;
import io.github.reliablemessaging.testsupport.MySqlOptions;
import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.RealRedis;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's embedded default: before the application context starts, launches an in-process Kafka KRaft
 * broker, three MariaDB servers (metadata and two sets, binlog ROW) and a Redis, and points Spring Boot's
 * properties at them. Off with {@code sample.embedded.enabled=false} (the {@code compose} profile does that).
 * {@code sample.embedded.mode=local} uses the machine's {@code mariadbd} and {@code redis-server} instead of the
 * Maven Central artifacts (faster start).
 */
public class EmbeddedServers implements EnvironmentPostProcessor {

	static final List<String> DATABASES = List.of("meta", "set1", "set2");

	private final Log log;

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
		CompletableFuture<RealRedis> redis = CompletableFuture.supplyAsync(() -> RealRedis.launch(mode));
		Map<String, CompletableFuture<RealMySql>> databases = new LinkedHashMap<>();
		int serverId = 1;
		for (String name : DATABASES) {
			MySqlOptions options = MySqlOptions.defaults().withBinlog(true).withServerId(serverId++);
			databases.put(name, CompletableFuture.supplyAsync(() -> RealMySql.launch(options, mode)));
		}
		Map<String, Object> props = new LinkedHashMap<>();
		try {
			RealKafka broker = kafka.join();
			props.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
			RealRedis cache = redis.join();
			props.put("spring.data.redis.host", cache.host());
			props.put("spring.data.redis.port", cache.port());
			for (Map.Entry<String, CompletableFuture<RealMySql>> entry : databases.entrySet()) {
				RealMySql server = entry.getValue().join();
				String schema = "orders_" + entry.getKey();
				server.createDatabase(schema);
				props.put("sample.databases." + entry.getKey() + ".url", server.jdbcUrl(schema));
				props.put("sample.databases." + entry.getKey() + ".username", server.username());
				props.put("sample.databases." + entry.getKey() + ".password", server.password());
				closeOnExit(server);
			}
			closeOnExit(broker);
			closeOnExit(cache);
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Could not start the embedded servers (" + mode + "): " + ex.getCause().getMessage()
					+ ". Try sample.embedded.mode=local, or the compose profile with Docker.", ex.getCause());
		}
		props.put("spring.datasource.url", props.get("sample.databases.meta.url"));
		props.put("spring.datasource.username", props.get("sample.databases.meta.username"));
		props.put("spring.datasource.password", props.get("sample.databases.meta.password"));
		environment.getPropertySources().addFirst(new MapPropertySource("sampleEmbeddedServers", props));
		this.log.info("Embedded servers (" + mode.name().toLowerCase() + ") up in " + (System.nanoTime() - start) / 1_000_000
				+ " ms: " + props);
	}

	private static void closeOnExit(AutoCloseable server) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.close();
			}
			catch (Exception ex) {
				// the JVM is going away
			}
		}, "sample-embedded-shutdown"));
	}

}
