package io.github.reliablemessaging.sample;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default as a user starts it: real servers launched by the application itself. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { SampleTestProperties.MODE,
		SampleTestProperties.ADMIN_PASSWORD, SampleTestProperties.VIEWER_PASSWORD,
		SampleTestProperties.THIRD_SET })
class SampleOrderServiceApplicationTest {

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Value("${sample.topics.order-events.name}")
	String topic;

	@Test
	void startsOnEmbeddedServersCreatesItsTopicAndReportsHealthUp() throws Exception {
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");

		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.environment.getRequiredProperty("spring.kafka.bootstrap-servers")))) {
			assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(this.topic);
			assertThat(admin.describeTopics(java.util.List.of(this.topic)).allTopicNames().get(30, TimeUnit.SECONDS)
				.get(this.topic).partitions()).hasSize(6);
		}
	}

}
