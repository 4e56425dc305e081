package io.github.reliablemessaging.ops.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import io.github.reliablemessaging.ops.switches.SwitchDefinition;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call the operations, over HTTP against running applications with Spring Security: anonymous callers and
 * users without the admin role are refused (401/403), the refusals are audited, nothing changes; the admin writes;
 * a plain user reads. Once with Spring Boot's default web security (the starter's filter chain applies), once with
 * an application's own permissive chain (the endpoint's own check still refuses writes).
 */
class ReliableSecurityEndToEndTest {

	static final String SWITCH = "demo.enabled";

	static final String SET_SWITCH = "/actuator/reliable/switches/" + SWITCH;

	static ConfigurableApplicationContext start(Class<?> app) {
		Map<String, Object> properties = new HashMap<>(Map.of("spring.kafka.bootstrap-servers",
				SharedInfrastructure.kafka().bootstrapServers(), "server.port", "0", "spring.application.name", "security-it",
				"reliable.switches.propagation.enabled", "false", "management.endpoints.web.exposure.include",
				"reliable,health,info"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(app).properties(properties).run();
		context.getBean(SwitchBoard.class).define(SwitchDefinition.bool(SWITCH, false, "a switch to flip"));
		return context;
	}

	static Object value(ConfigurableApplicationContext app) {
		return app.getBean(SwitchBoard.class).value(SWITCH).orElseThrow();
	}

	static List<SwitchChange> refusals(ConfigurableApplicationContext app, String actor, int status) {
		return app.getBean(SwitchBoard.class)
			.auditLog()
			.stream()
			.filter((entry) -> entry.name().startsWith("refused: POST /actuator/reliable/switches/" + SWITCH)
					|| entry.name().startsWith("refused: POST switches/" + SWITCH))
			.filter((entry) -> entry.actor().equals(actor) && entry.newValue().startsWith(status + " "))
			.toList();
	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class WithSpringBootsDefaultWebSecurity {

		ConfigurableApplicationContext app;

		Http anonymous;

		@BeforeAll
		void start() {
			this.app = ReliableSecurityEndToEndTest.start(DefaultSecurityApp.class);
			this.anonymous = Http.of(this.app);
		}

		@AfterAll
		void stop() {
			this.app.close();
		}

		@Test
		void theStarterAddsItsChainForTheEndpointBesideBootsDefault() {
			assertThat(this.app.getBeansOfType(SecurityFilterChain.class)).containsKeys("reliableSecurityFilterChain",
					"managementSecurityFilterChain");
			// Boot's default rules still hold for the other endpoints
			assertThat(this.anonymous.get("/actuator/health").status()).isEqualTo(200);
			assertThat(this.anonymous.get("/actuator/info").status()).isEqualTo(401);
		}

		@Test
		void anAnonymousReadIsRefusedWith401AndAudited() {
			Http.Response refused = this.anonymous.get("/actuator/reliable/switches");

			assertThat(refused.status()).isEqualTo(401);
			assertThat((String) JsonPath.read(refused.body(), "$.error")).contains("authentication required");
			assertThat(this.app.getBean(SwitchBoard.class).auditLog()).anySatisfy((entry) -> {
				assertThat(entry.name()).isEqualTo("refused: GET /actuator/reliable/switches");
				assertThat(entry.actor()).isEqualTo("anonymous");
				assertThat(entry.newValue()).startsWith("401 ");
				assertThat(entry.at()).isNotNull();
			});
		}

		@Test
		void anAnonymousWriteIsRefusedWith401ChangesNothingAndIsAudited() {
			Http.Response refused = this.anonymous.post(SET_SWITCH, "{\"value\":\"true\"}");

			assertThat(refused.status()).isEqualTo(401);
			assertThat(value(this.app)).isEqualTo(false);
			assertThat(refusals(this.app, "anonymous", 401)).isNotEmpty();
		}

		@Test
		void badCredentialsAreRefusedWith401NamingTheUserTried() {
			Http.Response refused = this.anonymous.as(TestUsers.ADMIN, "wrong").post(SET_SWITCH, "{\"value\":\"true\"}");

			assertThat(refused.status()).isEqualTo(401);
			assertThat(value(this.app)).isEqualTo(false);
			assertThat(refusals(this.app, "anonymous", 401)).anySatisfy((entry) -> assertThat(entry.newValue())
				.contains("bad credentials for user '" + TestUsers.ADMIN + "'"));
		}

		@Test
		void aUserWithoutTheAdminRoleReadsButCannotWrite() {
			Http viewer = this.anonymous.as(TestUsers.VIEWER, TestUsers.PASSWORD);
			assertThat(viewer.get("/actuator/reliable/switches/" + SWITCH).status()).isEqualTo(200);

			Http.Response refused = viewer.post(SET_SWITCH, "{\"value\":\"true\",\"reason\":\"let me\"}");

			assertThat(refused.status()).isEqualTo(403);
			assertThat((String) JsonPath.read(refused.body(), "$.error")).contains("lacks the role RELIABLE_ADMIN");
			assertThat(value(this.app)).isEqualTo(false);
			assertThat(refusals(this.app, TestUsers.VIEWER, 403)).isNotEmpty();
		}

		@Test
		void theAdminWritesWithoutACsrfTokenAndTheChangeIsAuditedUnderItsName() {
			Http admin = this.anonymous.as(TestUsers.ADMIN, TestUsers.PASSWORD);

			Http.Response set = admin.post(SET_SWITCH, "{\"value\":\"true\",\"reason\":\"drill\"}");
			try {
				assertThat(set.status()).as(set.body()).isEqualTo(200);
				assertThat(value(this.app)).isEqualTo(true);
				assertThat(this.app.getBean(SwitchBoard.class).auditLog()).anySatisfy((entry) -> {
					assertThat(entry.name()).isEqualTo(SWITCH);
					assertThat(entry.actor()).isEqualTo(TestUsers.ADMIN);
					assertThat(entry.newValue()).isEqualTo("true");
					assertThat(entry.reason()).isEqualTo("drill");
				});
			}
			finally {
				admin.post(SET_SWITCH, "{\"value\":\"false\"}");
			}
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class WithTheApplicationsOwnPermissiveChain {

		ConfigurableApplicationContext app;

		Http anonymous;

		@BeforeAll
		void start() {
			this.app = ReliableSecurityEndToEndTest.start(PermissiveApp.class);
			this.anonymous = Http.of(this.app);
		}

		@AfterAll
		void stop() {
			this.app.close();
		}

		@Test
		void theStarterLeavesWebSecurityToTheApplication() {
			assertThat(this.app.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("permitEverything");
			assertThat(this.anonymous.get("/actuator/reliable/switches").status()).isEqualTo(200);
		}

		@Test
		void theEndpointStillRefusesAnAnonymousWriteWith401() {
			Http.Response refused = this.anonymous.post(SET_SWITCH, "{\"value\":\"true\"}");

			assertThat(refused.status()).isEqualTo(401);
			assertThat(value(this.app)).isEqualTo(false);
			assertThat(refusals(this.app, "anonymous", 401)).isNotEmpty();
		}

		@Test
		void theEndpointStillRefusesAWriteWithoutTheAdminRoleWith403() {
			Http.Response refused = this.anonymous.as(TestUsers.VIEWER, TestUsers.PASSWORD).post(SET_SWITCH, "{\"value\":\"true\"}");

			assertThat(refused.status()).isEqualTo(403);
			assertThat((String) JsonPath.read(refused.body(), "$.error")).contains("lacks the role RELIABLE_ADMIN");
			assertThat(value(this.app)).isEqualTo(false);
			assertThat(refusals(this.app, TestUsers.VIEWER, 403)).isNotEmpty();
		}

		@Test
		void theAdminWrites() {
			Http admin = this.anonymous.as(TestUsers.ADMIN, TestUsers.PASSWORD);
			try {
				assertThat(admin.post(SET_SWITCH, "{\"value\":\"true\"}").status()).isEqualTo(200);
				assertThat(value(this.app)).isEqualTo(true);
			}
			finally {
				admin.post(SET_SWITCH, "{\"value\":\"false\"}");
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class DefaultSecurityApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class PermissiveApp {

		@Bean
		SecurityFilterChain permitEverything(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			http.httpBasic((basic) -> {
			});
			http.csrf(AbstractHttpConfigurer::disable);
			return http.build();
		}

	}

}
