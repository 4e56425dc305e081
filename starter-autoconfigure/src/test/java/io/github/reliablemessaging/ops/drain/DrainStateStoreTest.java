package io.github.reliablemessaging.ops.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Compare-and-set on the control topic: many writers on two instances race for each version; exactly one wins per
 * version, every instance (and one that starts afterwards) agrees on the winner.
 */
class DrainStateStoreTest {

	@Test
	void racingWritersOfTwoInstancesAgreeOnOneWinnerPerVersion() throws Exception {
		String topic = "drain-states-" + UUID.randomUUID();
		Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try (DrainStateStore one = new DrainStateStore(client, topic, Duration.ofSeconds(15));
				DrainStateStore two = new DrainStateStore(client, topic, Duration.ofSeconds(15))) {
			one.start();
			two.start();
			for (long version = 1; version <= 20; version++) {
				List<Future<Boolean>> attempts = new ArrayList<>();
				for (int writer = 0; writer < 8; writer++) {
					DrainStateStore store = (writer % 2 == 0) ? one : two;
					DrainState proposal = state("writer-" + writer, version);
					Callable<Boolean> attempt = () -> store.compareAndSet(proposal);
					attempts.add(pool.submit(attempt));
				}
				int winners = 0;
				for (Future<Boolean> attempt : attempts) {
					winners += attempt.get() ? 1 : 0;
				}
				long expected = version;
				assertThat(winners).as("winners of version " + version).isEqualTo(1);
				await().atMost(Duration.ofSeconds(10)).until(() -> two.get("g", "orders").map(DrainState::version).orElse(0L) == expected
						&& one.get("g", "orders").map(DrainState::version).orElse(0L) == expected);
				assertThat(one.get("g", "orders")).isEqualTo(two.get("g", "orders"));
			}
			try (DrainStateStore late = new DrainStateStore(client, topic, Duration.ofSeconds(15))) {
				late.start();
				assertThat(late.get("g", "orders")).isEqualTo(one.get("g", "orders"));
			}
			// a stale proposal is refused without a write
			assertThat(one.compareAndSet(state("stale", 5))).isFalse();
		}
		finally {
			pool.shutdownNow();
		}
	}

	static DrainState state(String actor, long version) {
		return new DrainState("orders", "g", "t", "t.drain", "g.drain", 10, 3, 30, 0, DrainPhase.FORWARDING, Map.of(0, 1L),
				Map.of(), Map.of(), Map.of(), Instant.parse("2026-11-23T10:00:00Z"), null, actor, null, version);
	}

}
