package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances drain together; one goes away mid-drain and a new instance of the application (a second Spring
 * context) comes up while forwarding still runs: it reads the drain state before its listener starts, keeps the
 * listener off the original topic, joins forwarding and draining, and switches back on a call. Every record is
 * processed, no key out of order.
 */
class DrainRestartTest {

	static final String TOPIC = "drain-restart-" + UUID.randomUUID();

	static final String GROUP = "drain-restart-" + UUID.randomUUID();

	@Test
	void anInstanceThatStartsMidDrainResumesItFromThePersistedState() throws Exception {
		SequenceLedger ledger = new SequenceLedger();
		DrainApp.ledger = ledger;
		Map<String, String> slow = Map.of("drain.handler-micros", "1000");
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
				KafkaProducer<String, String> producer = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
								ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
						new StringSerializer(), new StringSerializer())) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			SequenceLedger.awaitLeaders(admin, TOPIC);
			ledger.produce(producer, TOPIC, 500, 100);                       // 50k records
			ConfigurableApplicationContext a = DrainApp.start(TOPIC, GROUP, slow);
			ConfigurableApplicationContext b = DrainApp.start(TOPIC, GROUP, slow);
			ConfigurableApplicationContext c = null;
			try {
				Http httpA = TestUsers.admin(Http.of(a));
				Http.Response started = httpA.post("/actuator/reliable/drain/orders", "{\"multiplier\":10,\"switchBackLag\":0}");
				assertThat(started.status()).as(started.body()).isEqualTo(200);
				String drainGroup = GROUP + ".drain";
				// both instances run drain consumers (30 threads each on 30 partitions)
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.describeConsumerGroups(List.of(drainGroup)).all()
					.get(10, TimeUnit.SECONDS).get(drainGroup).members().size() > 30);
				await().atMost(Duration.ofSeconds(60)).until(() -> ledger.fromDrainTopic.get() > 5_000);
				assertThat(ledger.allSeen()).as("still mid-drain: " + ledger).isFalse();

				a.close();                                                       // one instance goes away mid-drain
				ledger.produce(producer, TOPIC, 500, 5);                        // records keep coming
				b.close();                                                       // and the other one too
				long handledWhileDown = ledger.handled.get();
				ledger.produce(producer, TOPIC, 500, 5);
				assertThat(ledger.allSeen()).isFalse();

				c = DrainApp.start(TOPIC, GROUP, slow);                          // a restart of the application
				ConfigurableApplicationContext restarted = c;
				Http httpC = TestUsers.admin(Http.of(c));
				assertThat((String) JsonPath.read(httpC.get("/actuator/reliable/drain/orders").body(), "$.phase")).isEqualTo("FORWARDING");
				assertThat(c.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isRunning()).isFalse();
				await().atMost(Duration.ofSeconds(60)).until(ledger::allSeen);
				assertThat(ledger.handled.get()).isGreaterThan(handledWhileDown);

				Http.Response finish = httpC.post("/actuator/reliable/drain/orders/finish", "{}");
				assertThat(finish.status()).as(finish.body()).isEqualTo(200);
				await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(JsonPath.read(httpC.get("/actuator/reliable/drain/orders").body(), "$.phase")));
				// every instance restarts its listener container once it sees DONE
				await().atMost(Duration.ofSeconds(30))
					.until(() -> restarted.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders").isRunning());
				ledger.produce(producer, TOPIC, 500, 3);
				await().atMost(Duration.ofSeconds(30)).until(ledger::allSeen);
				assertThat(ledger.violations).as(ledger.toString()).hasValue(0);
				System.out.println("drain restart: " + ledger);
			}
			finally {
				a.close();
				b.close();
				if (c != null) {
					c.close();
				}
			}
		}
	}

}
