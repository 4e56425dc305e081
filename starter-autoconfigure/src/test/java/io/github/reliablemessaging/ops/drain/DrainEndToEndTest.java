package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog of 200k records with per-key sequence numbers over 3 partitions, drained with k = 10 through a plain
 * Spring Kafka listener: every record is processed, no key is ever out of order — backlog, records produced while
 * forwarding runs, while switching back and after the listener is back on its topic.
 */
class DrainEndToEndTest {

	static final String TOPIC = "drain-orders-" + UUID.randomUUID();

	static final String GROUP = "drain-it-" + UUID.randomUUID();

	static Admin admin;

	static KafkaProducer<String, String> producer;

	@BeforeAll
	static void setUp() throws Exception {
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
		admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
		SequenceLedger.awaitLeaders(admin, TOPIC);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(),
				new StringSerializer());
	}

	@AfterAll
	static void tearDown() {
		producer.close();
		admin.close();
	}

	@Test
	void backlogOf200kDrainedWithTenTimesThePartitionsKeepsEveryKeyInOrder() throws Exception {
		SequenceLedger ledger = new SequenceLedger();
		DrainApp.ledger = ledger;
		ledger.produce(producer, TOPIC, 2000, 100);                       // 200k records, 100 per key
		ConfigurableApplicationContext app = DrainApp.start(TOPIC, GROUP, Map.of("drain.handler-micros", "50"));
		ExecutorService background = Executors.newSingleThreadExecutor();
		try {
			Http http = TestUsers.admin(Http.of(app));
			Http.Response plan = http.post("/actuator/reliable/drain/orders", "{\"multiplier\":10,\"dryRun\":true}");
			assertThat(plan.status()).as(plan.body()).isEqualTo(200);
			assertThat((Integer) JsonPath.read(plan.body(), "$.plan.drainPartitions")).isEqualTo(30);
			assertThat((String) JsonPath.read(plan.body(), "$.plan.drainTopic")).isEqualTo(TOPIC + ".drain");
			assertThat(((Number) JsonPath.read(plan.body(), "$.plan.totalLag")).longValue()).isGreaterThan(100_000);

			Http.Response started = http.post("/actuator/reliable/drain/orders",
					"{\"multiplier\":10,\"switchBackLag\":500,\"reason\":\"backlog drill\"}");
			assertThat(started.status()).as(started.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(started.body(), "$.phase")).isEqualTo("FORWARDING");
			// live traffic while the drain runs: 10 more records per key
			Future<Long> live = background.submit(() -> {
				long sent = 0;
				for (int i = 0; i < 10; i++) {
					sent += ledger.produce(producer, TOPIC, 2000, 1);
					Thread.sleep(200);
				}
				return sent;
			});
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> phase(http).equals("DONE"));
			live.get();
			String done = http.get("/actuator/reliable/drain/orders").body();
			assertThat(((Number) JsonPath.read(done, "$.forwarded")).longValue()).isGreaterThan(150_000);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isRunning());
			// after switch-back, the listener consumes the original topic again
			ledger.produce(producer, TOPIC, 2000, 5);
			await().atMost(Duration.ofSeconds(60)).until(ledger::allSeen);
			assertThat(ledger.violations).as(ledger.toString()).hasValue(0);
			assertThat(ledger.fromDrainTopic.get()).as(ledger.toString()).isGreaterThan(150_000);
			assertThat(ledger.handled.get()).isGreaterThanOrEqualTo(ledger.producedCount());
			String audit = http.get("/actuator/reliable/audit").body();
			assertThat(audit).contains("drain:orders").contains("backlog drill");
			System.out.println("drain e2e: " + ledger + " status " + done);
		}
		finally {
			background.shutdownNow();
			app.close();
		}
	}

	static String phase(Http http) {
		return JsonPath.read(http.get("/actuator/reliable/drain/orders").body(), "$.phase");
	}

}
