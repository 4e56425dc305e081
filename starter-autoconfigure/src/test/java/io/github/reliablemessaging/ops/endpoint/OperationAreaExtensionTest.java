package io.github.reliablemessaging.ops.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.ops.Http;
import io.github.reliablemessaging.ops.TestUsers;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What another starter gets from the {@link OperationArea} SPI: a bean named "gadgets" (standing in for the
 * sharding or drain areas) is served under {@code /actuator/reliable/gadgets/...} with typed JSON input, 400/404
 * answers, audit, and the endpoint's exposure and access settings.
 */
class OperationAreaExtensionTest {

	static ConfigurableApplicationContext app;

	static Http http;

	@BeforeAll
	static void start() {
		app = start(Map.of());
		http = TestUsers.admin(Http.of(app));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	static ConfigurableApplicationContext start(Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>(Map.of("spring.kafka.bootstrap-servers",
				SharedInfrastructure.kafka().bootstrapServers(), "server.port", "0", "spring.application.name", "extension-it",
				"reliable.switches.propagation.enabled", "false", "management.endpoints.web.exposure.include", "reliable"));
		properties.putAll(extra);
		return new SpringApplicationBuilder(GadgetApp.class).properties(properties).run();
	}

	static GadgetArea gadgets() {
		return app.getBean(GadgetArea.class);
	}

	@Test
	void theIndexListsTheAreaOfAnotherStarterBesideTheBuiltInOnes() {
		Http.Response index = http.get("/actuator/reliable");

		assertThat(index.status()).isEqualTo(200);
		Map<String, String> areas = JsonPath.read(index.body(), "$.areas");
		assertThat(areas).containsKeys("gadgets", "switches", "audit").containsEntry("gadgets", "Gadgets of the test");
	}

	@Test
	void readsReachTheAreaWithTheirPathAndQueryParameters() {
		Http.Response one = http.get("/actuator/reliable/gadgets/blue/size?unit=cm");

		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(one.body(), "$.path")).containsExactly("blue", "size");
		assertThat((String) JsonPath.read(one.body(), "$.unit")).isEqualTo("cm");
	}

	@Test
	void aWriteGetsTypedFieldsAndIsAuditedWithWhoAndWhy() {
		Http.Response resized = http.post("/actuator/reliable/gadgets/blue", "{\"size\": 12, \"tags\": \"a, b\", \"reason\": \"INC-7\"}");

		assertThat(resized.status()).as(resized.body()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(resized.body(), "$.size")).isEqualTo(12);
		assertThat((List<String>) JsonPath.read(resized.body(), "$.tags")).containsExactly("a", "b");
		assertThat(gadgets().sizes).containsEntry("blue", 12);
		assertThat(http.get("/actuator/reliable/audit?name=gadget:blue").body()).contains("\"name\":\"gadget:blue\"")
			.contains("\"oldValue\":\"0\"")
			.contains("\"newValue\":\"12\"")
			.contains("\"reason\":\"INC-7\"")
			.contains("\"actor\":\"" + TestUsers.ADMIN + "\"");
	}

	@Test
	void aDryRunChangesNothingAndIsNotAudited() {
		int auditBefore = JsonPath.<List<?>>read(http.get("/actuator/reliable/audit").body(), "$").size();

		Http.Response plan = http.post("/actuator/reliable/gadgets/green", "{\"size\": 3, \"dryRun\": true}");

		assertThat(plan.status()).as(plan.body()).isEqualTo(200);
		assertThat(plan.body()).contains("would resize green to 3");
		assertThat(gadgets().sizes).doesNotContainKey("green");
		assertThat(JsonPath.<List<?>>read(http.get("/actuator/reliable/audit").body(), "$")).hasSize(auditBefore);
	}

	@Test
	void aWriteTheAreaDoesNotAuditItselfGetsAGenericEntry() {
		Http.Response deleted = http.delete("/actuator/reliable/gadgets/red");

		assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
		assertThat(gadgets().deleted).contains("red");
		assertThat(http.get("/actuator/reliable/audit?name=gadgets/red").body()).contains("\"name\":\"DELETE gadgets/red\"");
	}

	@Test
	void badInputIsRefusedWith400AndTheReasonAndIsAudited() {
		Map<String, String> cases = new LinkedHashMap<>();
		cases.put("{\"size\": \"huge\"}", "'size' must be a whole number, was 'huge'");
		cases.put("{\"size\": 1.5}", "'size' must be a whole number, was '1.5'");
		cases.put("{\"size\": [1, 2]}", "the body must be one JSON object whose fields hold text, numbers or booleans");
		cases.put("{\"size\": {\"cm\": 2}}", "the body must be one JSON object whose fields hold text, numbers or booleans");
		cases.put("{\"size\": 2", "the body must be one JSON object whose fields hold text, numbers or booleans");
		cases.put("{\"size\": 1000}", "'size' must be between 1 and 100, was 1000");
		cases.put("{}", "missing 'size'");
		cases.put("{\"size\": 2, \"colour\": \"x\"}", "unknown field [colour]");
		cases.put("{\"size\": 2, \"dryRun\": \"maybe\"}", "'dryRun' must be true or false, was 'maybe'");
		cases.put("{\"size\": 2, \"path\": \"switches/x\"}", "'path' is reserved");
		cases.forEach((body, reason) -> {
			Http.Response refused = http.post("/actuator/reliable/gadgets/yellow", body);
			assertThat(refused.status()).as(body + " -> " + refused.body()).isEqualTo(400);
			assertThat((String) JsonPath.read(refused.body(), "$.error")).as(body).contains(reason);
			assertThat(refused.body()).doesNotContain("Exception").doesNotContain("\tat ");
		});
		assertThat(gadgets().sizes).doesNotContainKey("yellow");
		assertThat(http.get("/actuator/reliable/audit?name=refused: POST gadgets/yellow").body()).contains("400 missing 'size'");
	}

	@Test
	void secretsInARefusedCallDoNotReachTheAuditLog() {
		Http.Response refused = http.post("/actuator/reliable/gadgets/blue", "{\"size\": 3, \"dbPassword\": \"hunter2\", \"apiToken\": \"t0k3n\"}");

		assertThat(refused.status()).isEqualTo(400);
		String audit = http.get("/actuator/reliable/audit?name=refused: POST gadgets/blue").body();
		assertThat(audit).contains("apiToken=******").contains("dbPassword=******").contains("size=3")
			.doesNotContain("hunter2")
			.doesNotContain("t0k3n");
	}

	@Test
	void unknownAreasAndTargetsAre404sNamingWhatExists() {
		Http.Response area = http.get("/actuator/reliable/widgets");
		assertThat(area.status()).isEqualTo(404);
		assertThat((String) JsonPath.read(area.body(), "$.error")).startsWith("unknown area 'widgets'; areas: [")
			.contains("gadgets", "switches", "audit");

		Http.Response target = http.get("/actuator/reliable/gadgets/purple");
		assertThat(target.status()).isEqualTo(404);
		assertThat((String) JsonPath.read(target.body(), "$.error")).isEqualTo("unknown gadget 'purple'; gadgets: [blue, red]");
	}

	@Test
	void aFailingAreaAnswers500WithoutAStackTrace() {
		Http.Response failed = http.post("/actuator/reliable/gadgets/boom", "{\"size\": 1}");

		assertThat(failed.status()).isEqualTo(500);
		assertThat((String) JsonPath.read(failed.body(), "$.error")).contains("gadget exploded").contains("details in the service log");
		assertThat(failed.body()).doesNotContain("\tat ").doesNotContain("IllegalStateException");
		assertThat(http.get("/actuator/reliable/audit?name=failed:").body()).contains("500 gadget exploded");
	}

	@Test
	void notExposedMeansNotThere() {
		try (ConfigurableApplicationContext hidden = start(Map.of("management.endpoints.web.exposure.include", "health"))) {
			Http hiddenHttp = TestUsers.admin(Http.of(hidden));
			assertThat(hiddenHttp.get("/actuator/reliable").status()).isEqualTo(404);
			assertThat(hiddenHttp.get("/actuator/reliable/gadgets/blue").status()).isEqualTo(404);
		}
	}

	@Test
	void readOnlyAccessServesReadsAndNoWrites() {
		try (ConfigurableApplicationContext readOnly = start(Map.of("management.endpoint.reliable.access", "read-only"))) {
			Http readOnlyHttp = TestUsers.admin(Http.of(readOnly));
			GadgetArea area = readOnly.getBean(GadgetArea.class);
			assertThat(readOnlyHttp.get("/actuator/reliable/gadgets/blue").status()).isEqualTo(200);

			Http.Response write = readOnlyHttp.post("/actuator/reliable/gadgets/blue", "{\"size\": 50}");

			assertThat(write.status()).isIn(404, 405);
			assertThat(area.sizes).doesNotContainEntry("blue", 50);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestUsers.class)
	static class GadgetApp {

		@Bean
		GadgetArea gadgetArea() {
			return new GadgetArea();
		}

	}

	/** An area as another starter would write one. */
	static class GadgetArea implements OperationArea {

		final Map<String, Integer> sizes = new java.util.concurrent.ConcurrentHashMap<>(Map.of("blue", 0, "red", 1));

		final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public String name() {
			return "gadgets";
		}

		@Override
		public String description() {
			return "Gadgets of the test";
		}

		@Override
		public Object read(OperationRequest request) {
			String name = request.segment(0).orElse("all");
			if (!name.equals("all") && !this.sizes.containsKey(name)) {
				throw OperationException.notFound("unknown gadget '" + name + "'; gadgets: " + new java.util.TreeSet<>(this.sizes.keySet()));
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("path", new ArrayList<>(request.path()));
			body.put("unit", request.string("unit").orElse("mm"));
			return body;
		}

		@Override
		public Object write(OperationRequest request) {
			request.requirePathAtMost(1);
			String name = request.segment(0).orElseThrow(() -> OperationException.notFound("name a gadget"));
			request.allowOnly("size", "tags");
			int size = request.requiredInt("size", 1, 100);
			if (name.equals("boom")) {
				throw new IllegalStateException("gadget exploded");
			}
			if (request.dryRun()) {
				return Map.of("dryRun", true, "effect", "would resize " + name + " to " + size);
			}
			Integer before = this.sizes.put(name, size);
			request.audit("gadget:" + name, String.valueOf(before), String.valueOf(size));
			return Map.of("gadget", name, "size", size, "tags", request.strings("tags").orElse(List.of()));
		}

		@Override
		public Object delete(OperationRequest request) {
			String name = request.segment(0).orElseThrow(() -> OperationException.notFound("name a gadget"));
			this.deleted.add(name);
			return Map.of("deleted", name);
		}

	}

}
