package io.github.reliablemessaging.testsupport.spring;

import java.sql.Connection;
import java.sql.DriverManager;

import io.github.reliablemessaging.testsupport.RealRedis;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig
@RealInfrastructure(database = "spring_harness")
class RealInfrastructureSpringTest {

	@Autowired
	Environment environment;

	@Test
	void springPropertiesPointAtRunningServers() throws Exception {
		String url = this.environment.getRequiredProperty("spring.datasource.url");
		try (Connection c = DriverManager.getConnection(url, this.environment.getProperty("spring.datasource.username"),
				this.environment.getProperty("spring.datasource.password"))) {
			assertThat(c.getCatalog()).isEqualTo("spring_harness");
		}
		assertThat(RealRedis.ping(this.environment.getRequiredProperty("spring.data.redis.host"),
				this.environment.getRequiredProperty("spring.data.redis.port", Integer.class)))
			.isTrue();
		assertThat(this.environment.getRequiredProperty("spring.kafka.bootstrap-servers")).contains(":");
	}

	@Configuration
	static class Config {

	}

}
