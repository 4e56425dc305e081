package io.github.reliablemessaging.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sample.order.OrderEvent;
import io.github.reliablemessaging.sample.order.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default without Redis (as on a platform where it cannot start): the application starts with
 * database-only idempotency (no Redis client, no done-marker cache, no redis health component; the log says so), and
 * the database still skips a duplicate delivery.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD, SampleTestProperties.THIRD_SET,
		"sample.embedded.redis=false" })
class DatabaseOnlyIdempotencyTest {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Value("${sample.topics.order-events.name}")
	String topic;

	@Test
	void withoutRedisTheDatabaseAloneSkipsADuplicateDelivery() throws Exception {
		assertThat(this.context.getEnvironment().getProperty("reliable.idempotency.redis.enabled")).isEqualTo("false");
		assertThat(this.context.getBeanNamesForType(io.github.reliablemessaging.idempotency.DoneMarkerCache.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(org.redisson.api.RedissonClient.class)).isEmpty();
		TestHttp http = new TestHttp(this.port);
		JsonNode health = this.json.readTree(http.get("/actuator/health", null).body());
		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.get("components").has("redis")).isFalse();

		JsonNode order = this.json.readTree(http.post("/orders", "{\"userId\": 55, \"amount\": 3.00}", null).body());
		String orderNo = order.get("orderNo").asText();
		await().atMost(Duration.ofSeconds(30)).until(() -> timelineSize(http, orderNo) == 1);

		OrderEvent again = new OrderEvent(orderNo, 55, OrderStatus.CREATED, 1, new BigDecimal("3.00"),
				System.currentTimeMillis());
		this.kafka.send(this.topic, orderNo, this.json.writeValueAsString(again)).get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> databaseDuplicates() >= 1);
		assertThat(timelineSize(http, orderNo)).isEqualTo(1);
		assertThat(this.meters.find("reliable.idempotency.duplicates").tag("layer", "redis").counters()).allSatisfy(
				(counter) -> assertThat(counter.count()).isZero());
	}

	private double databaseDuplicates() {
		return this.meters.find("reliable.idempotency.duplicates").tag("layer", "db").counters().stream()
			.mapToDouble(Counter::count).sum();
	}

	private int timelineSize(TestHttp http, String orderNo) throws Exception {
		return this.json.readTree(http.get("/orders/" + orderNo + "/timeline", null).body()).size();
	}

}
