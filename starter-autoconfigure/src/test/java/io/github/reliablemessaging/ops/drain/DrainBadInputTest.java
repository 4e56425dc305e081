package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad call of the drain area is answered with its status and reason and changes nothing (no drain state, no
 * drain topic, the listener keeps consuming), and is audited as refused; a drain already active is refused with a
 * 409; switch-back by a call, and the meters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainBadInputTest {

	static final String TOPIC = "drain-bad-" + UUID.randomUUID();

	static final String GROUP = "drain-bad-" + UUID.randomUUID();

	/** 244 characters: the topic exists, {@code <topic>.drain} (250) is longer than Kafka allows. */
	static final String LONG_TOPIC = "drain-long-" + "x".repeat(233);

	static final String TAKEN_TOPIC = "drain-taken-" + UUID.randomUUID();

	static ConfigurableApplicationContext app;

	static Http http;

	static Admin admin;

	@BeforeAll
	static void start() throws Exception {
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
		admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(LONG_TOPIC, 3, (short) 1),
				new NewTopic(TAKEN_TOPIC, 3, (short) 1), new NewTopic(TAKEN_TOPIC + ".drain", 7, (short) 1)))
			.all()
			.get(30, TimeUnit.SECONDS);
		SequenceLedger.awaitLeaders(admin, TOPIC);
		app = DrainApp.start(TOPIC, GROUP, Map.of("drain.extra-listeners", "true", "drain.long-topic", LONG_TOPIC,
				"drain.taken-topic", TAKEN_TOPIC));
		http = TestUsers.admin(Http.of(app));
		await().atMost(Duration.ofSeconds(30)).until(() -> container().getAssignedPartitions().size() == 3);
	}

	@AfterAll
	static void stop() {
		admin.close();
		app.close();
	}

	static org.springframework.kafka.listener.MessageListenerContainer container() {
		return app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders");
	}

	@Order(1)
	@ParameterizedTest(name = "{0}: {1} {2} {3} -> {4}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			unknown listener            | POST | /actuator/reliable/drain/nope            | {"multiplier":10}                         | 404 | unknown listener 'nope'; listeners: [long, orders, pattern, taken]
			unknown listener (read)     | GET  | /actuator/reliable/drain/nope            |                                           | 404 | unknown listener 'nope'
			no listener named           | POST | /actuator/reliable/drain                 | {"multiplier":10}                         | 404 | name the listener: POST drain/{listenerId}
			missing multiplier          | POST | /actuator/reliable/drain/orders          | {}                                        | 400 | missing 'multiplier'
			multiplier 1                | POST | /actuator/reliable/drain/orders          | {"multiplier":1}                          | 400 | 'multiplier' must be between 2 and 100, was 1
			multiplier 0                | POST | /actuator/reliable/drain/orders          | {"multiplier":0}                          | 400 | 'multiplier' must be between 2 and 100, was 0
			multiplier negative         | POST | /actuator/reliable/drain/orders          | {"multiplier":-10}                        | 400 | 'multiplier' must be between 2 and 100, was -10
			multiplier too high         | POST | /actuator/reliable/drain/orders          | {"multiplier":101}                        | 400 | 'multiplier' must be between 2 and 100, was 101
			multiplier not a number     | POST | /actuator/reliable/drain/orders          | {"multiplier":"ten"}                      | 400 | 'multiplier' must be a whole number, was 'ten'
			multiplier fractional       | POST | /actuator/reliable/drain/orders          | {"multiplier":2.5}                        | 400 | 'multiplier' must be a whole number, was '2.5'
			multiplier too high, dry run| POST | /actuator/reliable/drain/orders          | {"multiplier":500,"dryRun":true}          | 400 | 'multiplier' must be between 2 and 100, was 500
			concurrency 0               | POST | /actuator/reliable/drain/orders          | {"multiplier":10,"concurrency":0}         | 400 | 'concurrency' must be between 1 and 1024, was 0
			negative switch-back lag    | POST | /actuator/reliable/drain/orders          | {"multiplier":10,"switchBackLag":-1}      | 400 | 'switchBackLag' must be 0 (switch back only by a call) or more, was -1
			unknown field               | POST | /actuator/reliable/drain/orders          | {"multiplier":10,"k":3}                   | 400 | unknown field [k]
			dryrun typo                 | POST | /actuator/reliable/drain/orders          | {"multiplier":10,"dryrun":true}           | 400 | unknown field [dryrun]
			unknown action              | POST | /actuator/reliable/drain/orders/stop     | {}                                        | 404 | unknown action 'stop' for drain/orders; actions: [finish]
			path too long               | POST | /actuator/reliable/drain/orders/finish/x | {}                                        | 404 | no operation at 'drain/orders/finish/x'
			finish without a drain      | POST | /actuator/reliable/drain/orders/finish   | {}                                        | 409 | listener orders is not being drained
			finish, field               | POST | /actuator/reliable/drain/orders/finish   | {"multiplier":3}                          | 400 | unknown field [multiplier]
			pattern listener            | POST | /actuator/reliable/drain/pattern         | {"multiplier":10}                         | 400 | listener pattern must consume exactly one topic by name to be drained; it consumes the pattern drain-pattern-.*
			topic refused by the broker | POST | /actuator/reliable/drain/long            | {"multiplier":10}                         | 409 | the cluster refused to create topic drain-long-
			refused also in a dry run   | POST | /actuator/reliable/drain/long            | {"multiplier":10,"dryRun":true}           | 409 | the cluster refused to create topic drain-long-
			drain topic of another size | POST | /actuator/reliable/drain/taken           | {"multiplier":10}                         | 409 | exists with 7 partitions, not 30 (10 x 3): delete it, or drain with multiplier (none fits)
			""")
	void badInputIsRefusedAndChangesNothing(String name, String method, String path, String body, int status, String reason)
			throws Exception {
		SwitchBoard board = app.getBean(SwitchBoard.class);
		int auditBefore = board.auditLog().size();

		Http.Response response = method.equals("GET") ? http.get(path) : http.post(path, body);

		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat((String) JsonPath.read(response.body(), "$.error")).contains(reason);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		assertThat(app.getBean(DrainService.class).statuses()).isEmpty();
		assertThat(container().isRunning()).isTrue();
		assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(TOPIC + ".drain")
			.noneMatch((topic) -> topic.startsWith("drain-long-") && topic.endsWith(".drain"));
		List<SwitchChange> audit = board.auditLog();
		if (method.equals("POST")) {
			assertThat(audit).hasSize(auditBefore + 1);
			assertThat(audit.get(audit.size() - 1).name()).startsWith("refused: POST ");
		}
		else {
			assertThat(audit).hasSize(auditBefore);
		}
	}

	@Test
	@Order(2)
	void aSecondDrainOfTheSameListenerIsRefusedAndFinishSwitchesBack() throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
				new StringSerializer(), new StringSerializer())) {
			SequenceLedger ledger = new SequenceLedger();
			DrainApp.ledger = ledger;
			ledger.produce(producer, TOPIC, 100, 20);
			Http.Response started = http.post("/actuator/reliable/drain/orders", "{\"multiplier\":2,\"switchBackLag\":0}");
			assertThat(started.status()).as(started.body()).isEqualTo(200);

			Http.Response again = http.post("/actuator/reliable/drain/orders", "{\"multiplier\":4}");
			assertThat(again.status()).as(again.body()).isEqualTo(409);
			assertThat((String) JsonPath.read(again.body(), "$.error")).startsWith("a drain of listener orders is already active (FORWARDING since ")
				.endsWith("x2); switch back first: POST drain/orders/finish");
			Http.Response dry = http.post("/actuator/reliable/drain/orders/finish", "{\"dryRun\":true}");
			assertThat(dry.status()).as(dry.body()).isEqualTo(200);
			assertThat((String) JsonPath.read(dry.body(), "$.status.phase")).isEqualTo("FORWARDING");
			// no automatic switch-back (threshold 0): it stays forwarding, live records go through the drain topic
			ledger.produce(producer, TOPIC, 100, 5);
			await().atMost(Duration.ofSeconds(30)).until(ledger::allSeen);
			assertThat((String) JsonPath.read(http.get("/actuator/reliable/drain/orders").body(), "$.phase")).isEqualTo("FORWARDING");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Http.Response meter = http.get("/actuator/metrics/reliable.drain.forwarded?tag=listener:orders");
				assertThat(meter.status()).as(meter.body()).isEqualTo(200);
				assertThat(((Number) JsonPath.read(meter.body(), "$.measurements[0].value")).doubleValue()).isGreaterThan(0);
			});

			Http.Response finish = http.post("/actuator/reliable/drain/orders/finish", "{\"reason\":\"caught up\"}");
			assertThat(finish.status()).as(finish.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(JsonPath.read(http.get("/actuator/reliable/drain/orders").body(), "$.phase")));
			Http.Response late = http.post("/actuator/reliable/drain/orders/finish", "{}");
			assertThat(late.status()).isEqualTo(409);
			await().atMost(Duration.ofSeconds(30)).until(() -> container().isRunning());
			ledger.produce(producer, TOPIC, 100, 2);
			await().atMost(Duration.ofSeconds(30)).until(ledger::allSeen);
			assertThat(ledger.violations).as(ledger.toString()).hasValue(0);
			assertThat(ledger.fromDrainTopic.get()).as(ledger.toString()).isPositive();
			assertThat(board().auditLog()).anyMatch((change) -> change.name().equals("drain:orders") && "caught up".equals(change.reason()));
		}
	}

	static SwitchBoard board() {
		return app.getBean(SwitchBoard.class);
	}

}
