package io.github.reliablemessaging.idempotency.autoconfigure;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reliablemessaging.idempotency.IdempotencyKeyException;
import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How an {@code @IdempotentListener} method behaves when called (outside Kafka, with an explicit group): checked
 * exceptions, a {@code @Transactional} on the same method, a {@code ConsumerRecord} parameter, bad keys.
 */
class IdempotentInvocationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withPropertyValues(database())
		.withBean(Listeners.class);

	private static String[] database() {
		RealMySql mysql = SharedInfrastructure.mysql();
		mysql.createDatabase("idem_invocation");
		return new String[] { "spring.datasource.url=" + mysql.jdbcUrl("idem_invocation"),
				"spring.datasource.username=" + mysql.username(), "spring.datasource.password=" + mysql.password() };
	}

	@Test
	void aCheckedExceptionPropagatesUnchangedAndRollsBackBothRows() {
		this.runner.run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThatThrownBy(() -> listeners.checked("io-1")).isInstanceOf(IOException.class).hasMessage("disk full io-1");
			assertThat(rows(jdbc, "io-1")).isZero();
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM invocation_effects WHERE id = 'io-1'", Integer.class)).isZero();
		});
	}

	@Test
	void aTransactionalListenerJoinsTheIdempotencyTransaction() {
		this.runner.run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			listeners.transactional("tx-1");
			listeners.transactional("tx-1");
			assertThat(listeners.calls()).isEqualTo(1);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM invocation_effects WHERE id = 'tx-1'", Integer.class)).isEqualTo(1);
			assertThatThrownBy(() -> listeners.transactional("tx-fail")).hasMessageContaining("tx-fail");
			assertThat(rows(jdbc, "tx-fail")).isZero();
		});
	}

	@Test
	void aConsumerRecordParameterIsTheRecordAndItsValueThePayload() {
		this.runner.run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			listeners.record(new ConsumerRecord<>("t", 2, 17L, "k", "v"));
			assertThat(jdbc.queryForList("SELECT CAST(idem_key AS CHAR) FROM reliable_idempotency WHERE consumer_group = 'record'",
					String.class)).containsExactly("k/v@t-2-17");
			assertThat(jdbc.queryForMap("SELECT topic, partition_no, offset_no FROM reliable_idempotency WHERE consumer_group = 'record'"))
				.containsEntry("topic", "t").containsEntry("partition_no", 2).containsEntry("offset_no", 17L);
		});
	}

	@Test
	void badKeysAndAMissingGroupAreClearErrorsAndNothingRuns() {
		this.runner.run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			assertThatThrownBy(() -> listeners.keyed(" ")).isInstanceOf(IdempotencyKeyException.class)
				.hasMessageContaining("Listeners.keyed(..)")
				.hasMessageContaining("key expression '#payload'")
				.hasMessageContaining("blank");
			assertThatThrownBy(() -> listeners.keyed(null)).isInstanceOf(IdempotencyKeyException.class)
				.hasMessageContaining("evaluated to null");
			assertThatThrownBy(() -> listeners.noGroup("x")).isInstanceOf(IdempotencyKeyException.class)
				.hasMessageContaining("Listeners.noGroup(..): no consumer group");
			assertThat(listeners.calls()).isZero();
		});
	}

	private static int rows(JdbcTemplate jdbc, String key) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM reliable_idempotency WHERE idem_key = ?", Integer.class, key);
	}

	public static class Listeners {

		private final JdbcTemplate jdbc;

		private final AtomicInteger calls = new AtomicInteger();

		public Listeners(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("CREATE TABLE IF NOT EXISTS invocation_effects (id VARCHAR(50))");
		}

		public int calls() {
			return this.calls.get();
		}

		@IdempotentListener(key = "#payload", group = "checked")
		public void checked(String payload) throws IOException {
			this.jdbc.update("INSERT INTO invocation_effects VALUES (?)", payload);
			throw new IOException("disk full " + payload);
		}

		@Transactional
		@IdempotentListener(key = "#payload", group = "transactional")
		public void transactional(String payload) {
			assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
			this.calls.incrementAndGet();
			this.jdbc.update("INSERT INTO invocation_effects VALUES (?)", payload);
			if (payload.contains("fail")) {
				throw new IllegalStateException("cannot apply " + payload);
			}
		}

		@IdempotentListener(key = "#record.key() + '/' + #payload + '@' + #topic + '-' + #partition + '-' + #offset", group = "record")
		public void record(ConsumerRecord<String, String> record) {
		}

		@IdempotentListener(key = "#payload", group = "${idem.test.group:keyed}")
		public void keyed(String payload) {
			this.calls.incrementAndGet();
		}

		@IdempotentListener(key = "#payload")
		public void noGroup(String payload) {
			this.calls.incrementAndGet();
		}

	}

}
