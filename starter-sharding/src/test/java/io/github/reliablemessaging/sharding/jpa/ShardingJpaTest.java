package io.github.reliablemessaging.sharding.jpa;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.sharding.BroadcastResult;
import io.github.reliablemessaging.sharding.ShardedDataSource;
import io.github.reliablemessaging.sharding.ShardedStore;
import com.jayway.jsonpath.JsonPath;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Data JPA (Hibernate) and JdbcTemplate on the routing DataSource: Hibernate boots on a keyless connection,
 * repository and service methods route by {@code @Sharded} / {@code @ShardKey}, a stale route is retried around
 * the transaction, a second slot in one transaction is refused.
 */
@SpringBootTest(classes = ShardingJpaTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "spring.jpa.open-in-view=false",
		"spring.jpa.hibernate.ddl-auto=none", "reliable.sharding.ids.worker-id=3",
		"reliable.sharding.routing.poll-interval=1h", "management.endpoints.web.exposure.include=reliable",
		"reliable.switches.propagation.enabled=false", "reliable.monitoring.lag.enabled=false",
		// Connector/J reports MariaDB as MySQL 5.5.5: name the dialect
		"spring.jpa.database-platform=org.hibernate.dialect.MariaDBDialect",
		"spring.autoconfigure.exclude=io.github.reliablemessaging.autoconfigure.ListenerOperationsAutoConfiguration,"
				+ "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
class ShardingJpaTest {

	@SpringBootApplication
	static class App {

	}

	@DynamicPropertySource
	static void sets(DynamicPropertyRegistry registry) {
		List<RealMySql> servers = io.github.reliablemessaging.sharding.TestSupportAccess.servers();
		for (String db : List.of("jpa_meta", "jpa_a")) {
			io.github.reliablemessaging.sharding.TestSupportAccess.recreate(servers.get(0), db);
		}
		io.github.reliablemessaging.sharding.TestSupportAccess.recreate(servers.get(1), "jpa_b");
		registry.add("reliable.sharding.metadata.url", () -> servers.get(0).jdbcUrl("jpa_meta"));
		registry.add("reliable.sharding.metadata.username", servers.get(0)::username);
		registry.add("reliable.sharding.metadata.password", servers.get(0)::password);
		registry.add("reliable.sharding.sets.a.url", () -> servers.get(0).jdbcUrl("jpa_a"));
		registry.add("reliable.sharding.sets.a.username", servers.get(0)::username);
		registry.add("reliable.sharding.sets.a.password", servers.get(0)::password);
		registry.add("reliable.sharding.sets.b.url", () -> servers.get(1).jdbcUrl("jpa_b"));
		registry.add("reliable.sharding.sets.b.username", servers.get(1)::username);
		registry.add("reliable.sharding.sets.b.password", servers.get(1)::password);
	}

	@Autowired
	OrderService service;

	@Autowired
	OrderRepository orders;

	@Autowired
	CountryRepository countries;

	@Autowired
	ShardedStore store;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	jakarta.persistence.EntityManagerFactory entityManagerFactory;

	@Test
	void repositoryRoundTripLandsOnTheOwningSet() throws SQLException {
		assertThat(this.dataSource).isInstanceOf(ShardedDataSource.class);
		long user = 42;
		long id = this.service.place(user, new BigDecimal("19.90"));
		this.service.pay(user, id);
		String owner = this.store.routing().setOf(this.store.slots().slotOf(user));

		assertThat(this.service.history(user)).extracting(OrderEntity::getId, OrderEntity::getStatus, OrderEntity::getSlot)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(id, "PAID", this.store.slots().slotOf(user)));
		assertThat(this.orders.findByUserIdOrderByIdAsc(user)).hasSize(1); // @ShardKey on the repository method
		assertThat(this.service.countWithJdbc(user)).isEqualTo(1);
		assertThat(rawCount(owner, id)).isEqualTo(1);
		assertThat(rawCount(owner.equals("a") ? "b" : "a", id)).isZero();
		assertThat(io.github.reliablemessaging.sharding.SlotIdGenerator.slotOf(id)).isEqualTo(this.store.slots().slotOf(user));
	}

	@Test
	void hibernateReleasesConnectionsAfterEachTransaction() {
		assertThat(String.valueOf(this.entityManagerFactory.getProperties().get("hibernate.connection.handling_mode")))
			.isEqualTo("DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION");
	}

	@Test
	void withoutAShardKeyShardedTablesAreRefusedAndBroadcastTablesRead() {
		assertThatThrownBy(() -> this.orders.findAll()).hasRootCauseMessage(
				"No shard key is bound: 'orders' is a sharded table spread over all sets; bind a key (ShardedStore.bind /"
						+ " @Sharded) or query all sets with ScatterGather");
		BroadcastResult written = this.store.broadcast().upsert("country", Map.of("code", "NL", "name", "Netherlands"));
		assertThat(written.complete()).isTrue();
		assertThat(this.countries.findById("NL")).get().extracting(CountryEntity::getName).isEqualTo("Netherlands");
	}

	@Test
	void staleRouteIsRetriedAroundTheTransaction() throws SQLException {
		long user = 4242;
		int slot = this.store.slots().slotOf(user);
		String from = this.store.routing().setOf(slot);
		String to = from.equals("a") ? "b" : "a";
		io.github.reliablemessaging.sharding.TestSupportAccess.moveSlot(this.store, slot, from, to);
		long retries = this.store.statistics().fencingRetries();

		long id = this.service.place(user, BigDecimal.TEN);

		assertThat(this.store.statistics().fencingRetries()).isEqualTo(retries + 1);
		assertThat(rawCount(to, id)).isEqualTo(1);
		assertThat(rawCount(from, id)).isZero();
		assertThat(this.service.history(user)).extracting(OrderEntity::getId).containsExactly(id);
	}

	@Test
	void aSecondSlotInOneTransactionIsRefusedAndNothingIsWritten() {
		long user = 7;
		long other = 8;
		assertThat(this.store.slots().slotOf(user)).isNotEqualTo(this.store.slots().slotOf(other));
		assertThatThrownBy(() -> this.service.placeForTwo(user, other))
			.hasMessageContaining("a transaction belongs to one slot");
		assertThat(this.service.history(user)).isEmpty();
		assertThat(this.service.history(other)).isEmpty();
	}

	@Test
	void everyHibernateWriteRunsInATransactionThatReadTheOwnershipRowFirst() throws Exception {
		List<Long> users = new java.util.ArrayList<>();
		for (long user = 10_000; users.size() < 8; user++) {
			if (this.store.routing().setOf(this.store.slots().slotOf(user)).equals("a")) {
				users.add(user);
			}
		}
		Map<String, Integer> checked = io.github.reliablemessaging.sharding.GeneralLogAudit
			.run(io.github.reliablemessaging.sharding.TestSupportAccess.servers().get(0), () -> {
				for (long user : users) {
					long id = this.service.place(user, BigDecimal.ONE); // persist, flushed at commit
					this.service.pay(user, id); // dirty checking: UPDATE at flush
					this.service.history(user); // read-only transaction
					this.service.countWithJdbc(user); // auto-commit JdbcTemplate
				}
			});
		assertThat(checked.get("writes")).isGreaterThanOrEqualTo(16);
		assertThat(checked.get("violations")).isZero();
	}

	@Test
	void operationAreaAndMetersShowTheSlotMap() throws Exception {
		this.service.place(99, BigDecimal.ONE);
		long placed = this.store.slotMap(true).sets().stream().mapToLong((s) -> s.rows().get("orders")).sum();

		String body = get("/actuator/reliable/sharding?exact=true", 200);
		assertThat((Integer) JsonPath.read(body, "$.slots")).isEqualTo(256);
		assertThat((Integer) JsonPath.read(body, "$.routingVersion")).isGreaterThanOrEqualTo(1);
		assertThat(JsonPath.<List<Integer>>read(body, "$.sets[*].slotCount").stream().mapToInt(Integer::intValue).sum())
			.isEqualTo(256);
		assertThat(JsonPath.<List<String>>read(body, "$.sets[*].name")).containsExactly("a", "b");
		assertThat(JsonPath.<List<Boolean>>read(body, "$.sets[*].reachable")).containsOnly(true);
		assertThat(JsonPath.<List<Integer>>read(body, "$.sets[*].rows.orders").stream().mapToLong(Integer::longValue).sum())
			.isEqualTo(placed)
			.isGreaterThanOrEqualTo(1);
		assertThat(get("/actuator/reliable", 200)).contains("\"sharding\"");
		assertThat(get("/actuator/reliable/sharding?exact=maybe", 400)).contains("'exact' must be true or false");
		assertThat(get("/actuator/reliable/sharding/nothing", 404)).contains("no operation at");
		assertThat(get("/actuator/reliablesharding", 404)).as("the old endpoint is gone").isNotNull();
		String owner = this.store.routing().setOf(this.store.slots().slotOf(99L));
		assertThat(this.meters.get("reliable.sharding.queries").tag("set", owner).tag("kind", "routed").functionCounter()
			.count()).isGreaterThan(0);
		assertThat(this.meters.get("reliable.sharding.routing.version").gauge().value()).isGreaterThanOrEqualTo(1);
	}

	private String get(String path, int status) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("\tat ");
		return response.body();
	}

	private long rawCount(String set, long id) throws SQLException {
		try (Connection c = this.store.setDataSource(set).getConnection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id = " + id)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
