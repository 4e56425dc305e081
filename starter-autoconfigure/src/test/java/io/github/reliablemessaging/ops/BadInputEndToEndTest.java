package io.github.reliablemessaging.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input for every operation, over HTTP as the admin against a running application: each call is answered
 * 400 (404 for an unknown target, 405 for an operation an area does not have, 409 for a skip with nothing to skip)
 * with the reason, and changes nothing: committed offsets, switch values, pauses, replay jobs. Refused writes are audited with the reason.
 * {@code {topic}} in a path or body stands for the listener's topic.
 */
class BadInputEndToEndTest {

	static final String TOPIC = "ops-bad-input-" + UUID.randomUUID();

	static final String GROUP = "ops-bad-input-" + UUID.randomUUID();

	static ConfigurableApplicationContext app;

	static Http http;

	static Admin admin;

	@BeforeAll
	static void start() throws Exception {
		app = OperationsApp.start(TOPIC, GROUP, "ops-control-" + UUID.randomUUID());
		http = TestUsers.admin(Http.of(app));
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
		await().atMost(Duration.ofSeconds(30)).until(() -> container().getAssignedPartitions().size() == 3);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 6; i++) {
				producer.send(new ProducerRecord<>(TOPIC, i % 3, "k", "record-" + i)).get(10, TimeUnit.SECONDS);
			}
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> committed().size() == 3);
	}

	@AfterAll
	static void stop() {
		admin.close();
		app.close();
	}

	static MessageListenerContainer container() {
		return app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("orders");
	}

	static Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
		return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
	}

	@ParameterizedTest(name = "{0}: {1} {2} -> {4}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			unknown area               | GET  | /actuator/reliable/nope                        |                                                  | 404 | unknown area 'nope'; areas: [audit, drain, lag, listeners, replay, switches]
			unknown listener (read)    | GET  | /actuator/reliable/listeners/nope              |                                                  | 404 | unknown listener 'nope'; listeners: [orders]
			path too long              | GET  | /actuator/reliable/listeners/orders/x/y        |                                                  | 404 | no operation at 'listeners/orders/x/y'
			unknown switch (read)      | GET  | /actuator/reliable/switches/nope               |                                                  | 404 | unknown switch 'nope'; switches: [
			unknown replay job         | GET  | /actuator/reliable/replay/replay-nope          |                                                  | 404 | unknown replay job 'replay-nope'
			unknown lag group          | GET  | /actuator/reliable/lag/nope-group              |                                                  | 404 | group 'nope-group' is not watched
			audit limit zero           | GET  | /actuator/reliable/audit?limit=0               |                                                  | 400 | 'limit' must be at least 1
			audit limit not a number   | GET  | /actuator/reliable/audit?limit=lots            |                                                  | 400 | 'limit' must be a whole number, was 'lots'
			audit unknown parameter    | GET  | /actuator/reliable/audit?colour=red            |                                                  | 400 | unknown field [colour]
			write to a read-only area  | POST | /actuator/reliable/lag                         | {}                                               | 405 | area 'lag' has no write operations
			unknown area (write)       | POST | /actuator/reliable/nope                        | {}                                               | 404 | unknown area 'nope'
			malformed JSON             | POST | /actuator/reliable/listeners/orders/pause      | {"topic":                                        | 400 | the body must be one JSON object
			nested JSON                | POST | /actuator/reliable/listeners/orders/pause      | {"topic":{"name":"x"}}                           | 400 | the body must be one JSON object
			'path' smuggled in body    | POST | /actuator/reliable/listeners/orders/pause      | {"path":"switches/listener.orders.paused"}       | 400 | 'path' is reserved
			typo in dryRun             | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"dryrun":true}  | 400 | unknown field [dryrun]
			dryRun not a boolean       | POST | /actuator/reliable/listeners/orders/pause      | {"dryRun":"maybe"}                               | 400 | 'dryRun' must be true or false, was 'maybe'
			unknown listener           | POST | /actuator/reliable/listeners/nope/pause        | {}                                               | 404 | unknown listener 'nope'; listeners: [orders]
			no listener named          | POST | /actuator/reliable/listeners                   | {}                                               | 404 | name the listener and the action
			missing action             | POST | /actuator/reliable/listeners/orders            | {}                                               | 404 | actions: [pause, resume, seek, skip]
			unknown action             | POST | /actuator/reliable/listeners/orders/explode    | {}                                               | 404 | unknown action 'explode' for listener orders
			pause partition too high   | POST | /actuator/reliable/listeners/orders/pause      | {"topic":"{topic}","partition":3}                | 400 | partition 3 out of range: topic {topic} has partitions 0..2
			pause negative partition   | POST | /actuator/reliable/listeners/orders/pause      | {"topic":"{topic}","partition":-1}               | 400 | partition must be >= 0, was -1
			pause without partition    | POST | /actuator/reliable/listeners/orders/pause      | {"topic":"{topic}"}                              | 400 | missing 'partition'
			pause foreign topic        | POST | /actuator/reliable/listeners/orders/pause      | {"topic":"other-topic","partition":0}            | 400 | does not consume topic 'other-topic'
			resume partition too high  | POST | /actuator/reliable/listeners/orders/resume     | {"topic":"{topic}","partition":7}                | 400 | partition 7 out of range
			seek partition too high    | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":9,"offset":0}     | 400 | partition 9 out of range
			seek partition not number  | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":"two","offset":0} | 400 | 'partition' must be a whole number, was 'two'
			seek negative offset       | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0,"offset":-5}    | 400 | offset must be >= 0, was -5
			seek fractional offset     | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0,"offset":1.5}   | 400 | 'offset' must be a whole number, was '1.5'
			seek past the log end      | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0,"offset":999999} | 400 | offset 999999 is outside the log
			seek offset and timestamp  | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0,"offset":0,"timestamp":"2026-01-01T00:00:00Z"} | 400 | give exactly one of offset, timestamp or skip
			seek with nothing          | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0}                | 400 | give exactly one of offset, timestamp or skip
			seek unparseable timestamp | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"{topic}","partition":0,"timestamp":"yesterday"} | 400 | 'timestamp' must be an ISO-8601 instant
			seek unknown topic         | POST | /actuator/reliable/listeners/orders/seek       | {"topic":"no-such-topic","partition":0,"offset":0} | 400 | does not consume topic 'no-such-topic'
			skip negative count        | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"count":-1}     | 400 | skip must be >= 1, was -1
			skip zero                  | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"count":0}      | 400 | skip must be >= 1, was 0
			skip count not a number    | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"count":"abc"}  | 400 | 'count' must be a whole number, was 'abc'
			skip with an offset        | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"offset":3}     | 400 | unknown field [offset]
			skip with nothing to skip  | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":0,"count":1}      | 409 | nothing to skip in {topic}-0: the group has consumed up to the log end (2)
			skip partition too high    | POST | /actuator/reliable/listeners/orders/skip       | {"topic":"{topic}","partition":5,"count":1}      | 400 | partition 5 out of range
			no switch named            | POST | /actuator/reliable/switches                    | {"value":"true"}                                 | 404 | name the switch
			unknown switch             | POST | /actuator/reliable/switches/nope               | {"value":"true"}                                 | 404 | unknown switch 'nope'
			switch without value       | POST | /actuator/reliable/switches/listener.orders.paused | {}                                           | 400 | missing 'value'
			switch not a boolean       | POST | /actuator/reliable/switches/listener.orders.paused | {"value":"maybe"}                            | 400 | expected true or false, got 'maybe'
			switch unknown field       | POST | /actuator/reliable/switches/listener.orders.paused | {"value":"true","valeu":"false"}             | 400 | unknown field [valeu]
			rate limit negative        | POST | /actuator/reliable/switches/producer.rate-limit | {"value":"-5"}                                  | 400 | must be between 0 and 10000000, was -5
			rate limit not a number    | POST | /actuator/reliable/switches/producer.rate-limit | {"value":"fast"}                                | 400 | expected a whole number, got 'fast'
			replay from after to       | POST | /actuator/reliable/replay | {"topic":"{topic}","from":"2026-11-22T10:00:00Z","to":"2026-11-22T09:00:00Z"}    | 400 | 'from' 2026-11-22T10:00:00Z is not before 'to' 2026-11-22T09:00:00Z
			replay no range            | POST | /actuator/reliable/replay | {"topic":"{topic}"}                                                             | 400 | give either fromOffset/toOffset
			replay no topic            | POST | /actuator/reliable/replay | {"from":"2026-11-22T10:00:00Z"}                                                 | 400 | missing 'topic'
			replay both ranges         | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":0,"fromOffset":0,"toOffset":1,"from":"2026-11-22T10:00:00Z"} | 400 | not both or neither
			replay offsets, no part.   | POST | /actuator/reliable/replay | {"topic":"{topic}","fromOffset":0,"toOffset":1}                                 | 400 | an offset range needs partition, fromOffset and toOffset
			replay from > to offsets   | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":0,"fromOffset":5,"toOffset":1}                   | 400 | fromOffset 5 is after toOffset 1
			replay negative offset     | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":0,"fromOffset":-1,"toOffset":1}                  | 400 | offsets must be >= 0
			replay past the log end    | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":0,"fromOffset":0,"toOffset":999999}              | 400 | are outside the log
			replay partition too high  | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":7,"from":"2026-11-22T10:00:00Z"}                 | 400 | partition 7 out of range
			replay unknown topic       | POST | /actuator/reliable/replay | {"topic":"nope-topic","from":"2026-11-22T10:00:00Z"}                            | 400 | unknown topic 'nope-topic'
			replay unknown target      | POST | /actuator/reliable/replay | {"topic":"{topic}","partition":0,"fromOffset":0,"toOffset":0,"targetTopic":"nope-target"} | 400 | unknown topic 'nope-target'
			replay unparseable time    | POST | /actuator/reliable/replay | {"topic":"{topic}","from":"last tuesday"}                                       | 400 | 'from' must be an ISO-8601 instant
			replay unknown source      | POST | /actuator/reliable/replay | {"source":"nope","from":"2026-11-22T10:00:00Z"}                                 | 400 | unknown replay source 'nope'; sources: []
			replay source and topic    | POST | /actuator/reliable/replay | {"source":"nope","topic":"{topic}"}                                             | 400 | a replay source takes from/to/ids, not 'topic'
			replay ids without source  | POST | /actuator/reliable/replay | {"topic":"{topic}","ids":"O-1","from":"2026-11-22T10:00:00Z"}                   | 400 | 'ids' go with a replay 'source'
			replay path too long       | POST | /actuator/reliable/replay/x | {"topic":"{topic}"}                                                           | 404 | no operation at 'replay/x'
			""")
	void badInputIsAnsweredWithTheReasonAndChangesNothing(String name, String method, String path, String body, int status,
			String reason) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsetsBefore = committed();
		Map<String, SwitchBoard.SwitchView> switchesBefore = app.getBean(SwitchBoard.class).list();
		int jobsBefore = app.getBean(ReplayService.class).jobs().size();
		int auditBefore = app.getBean(SwitchBoard.class).auditLog().size();

		Http.Response response = method.equals("GET") ? http.get(path.replace("{topic}", TOPIC))
				: http.post(path.replace("{topic}", TOPIC), body.replace("{topic}", TOPIC));

		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(status);
		assertThat((String) JsonPath.read(response.body(), "$.error")).contains(reason.replace("{topic}", TOPIC));
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		assertThat(committed()).isEqualTo(offsetsBefore);
		assertThat(app.getBean(SwitchBoard.class).list()).isEqualTo(switchesBefore);
		assertThat(container().isPauseRequested()).isFalse();
		assertThat(container().getAssignedPartitions()).noneMatch(container()::isPartitionPauseRequested);
		assertThat(app.getBean(ReplayService.class).jobs()).hasSize(jobsBefore);
		List<io.github.reliablemessaging.ops.switches.SwitchChange> audit = app.getBean(SwitchBoard.class).auditLog();
		if (method.equals("POST")) {
			assertThat(audit).hasSize(auditBefore + 1);
			assertThat(audit.get(audit.size() - 1)).satisfies((entry) -> {
				assertThat(entry.name()).startsWith("refused: POST ");
				assertThat(entry.newValue()).startsWith(status + " ");
				assertThat(entry.actor()).isEqualTo(TestUsers.ADMIN);
			});
		}
		else {
			assertThat(audit).hasSize(auditBefore);
		}
	}

}
