package io.github.reliablemessaging.idempotency.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.reliablemessaging.idempotency.internal.IdempotencyMeters;
import io.github.reliablemessaging.testsupport.RealRedis;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer process dies between the database commit and the Redis done-marker of one record (its own JVM,
 * halted from an afterCommit callback): the restarted consumer gets the record again, and the database layer
 * skips it.
 */
class CrashBetweenCommitAndRedisTest {

	private static final String TOPIC = "idem-crash";

	private static final String GROUP = "idem-crash-it";

	private static final String CRASH_ON = "crash-15";

	@Test
	void theRedeliveryAfterACrashBetweenCommitAndRedisIsSkippedByTheDatabase() throws Exception {
		SharedInfrastructure.kafka().createTopic(TOPIC, 1);
		RealRedis redis = SharedInfrastructure.redis();
		Map<String, Object> props = TestApp.properties("idem_crash", redis, TOPIC, GROUP);
		// a dead member blocks its partition until its session expires: keep that short
		props.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
		props.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
		List<String> ids = IntStream.range(0, 30).mapToObj((i) -> "crash-" + i).toList();
		Kafka.sendEvents(TOPIC, ids);

		Map<String, Object> crashing = new java.util.HashMap<>(props);
		crashing.put("it.crash-after-commit-of", CRASH_ON);
		Process process = startConsumerProcess(crashing);
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the consumer process halts").isTrue();
		assertThat(process.exitValue()).as("halted by the afterCommit callback (see target/crashing-consumer.log)").isEqualTo(42);

		JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
				SharedInfrastructure.mysql().jdbcUrl("idem_crash"), SharedInfrastructure.mysql().username(),
				SharedInfrastructure.mysql().password()));
		assertThat(effects(jdbc, CRASH_ON)).as("the business change committed").isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM reliable_idempotency WHERE consumer_group = ? AND idem_key = ?",
				Integer.class, GROUP, CRASH_ON)).as("with its idempotency row").isEqualTo(1);
		assertThat(markerExists(redis, GROUP, CRASH_ON)).as("the done-marker was never set").isFalse();

		try (ConfigurableApplicationContext restarted = TestApp.start(props)) {
			Kafka.awaitConsumed(GROUP, TOPIC);
			for (String id : ids) {
				assertThat(effects(jdbc, id)).as(id).isEqualTo(1);
			}
			MeterRegistry meters = restarted.getBean(MeterRegistry.class);
			double skippedByDb = meters.find(IdempotencyMeters.DUPLICATES).tag("layer", "db").counters().stream()
				.mapToDouble(Counter::count).sum();
			assertThat(skippedByDb).as("the redelivered record was skipped by the database layer").isGreaterThanOrEqualTo(1);
			assertThat(restarted.getBean(OrderListener.class).attempts(CRASH_ON)).as("its body did not run again").isZero();
		}
	}

	private static int effects(JdbcTemplate jdbc, String id) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM order_effects WHERE group_name = ? AND event_id = ?", Integer.class,
				GROUP, id);
	}

	private static boolean markerExists(RealRedis redis, String group, String key) {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.uri());
		RedissonClient client = Redisson.create(config);
		try {
			return client.getBucket("idem:" + group + ":" + key).isExists();
		}
		finally {
			client.shutdown();
		}
	}

	private static Process startConsumerProcess(Map<String, Object> properties) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				CrashingConsumer.class.getName()));
		properties.forEach((name, value) -> command.add("--" + name + "=" + value));
		File log = Path.of("target", "crashing-consumer.log").toFile();
		Files.createDirectories(log.toPath().getParent());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

}
