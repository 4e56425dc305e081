package io.github.reliablemessaging.sharding;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotIdGeneratorTest {

	@Test
	void idsAreUniquePositiveGrowingAndCarryTheirSlot() throws Exception {
		SlotIdGenerator ids = new SlotIdGenerator(63);
		Set<Long> seen = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		for (int t = 0; t < 8; t++) {
			int thread = t;
			pool.submit(() -> {
				long previous = 0;
				for (int i = 0; i < 20_000; i++) {
					int slot = (i + thread) % 4; // few slots: many ids per slot and millisecond
					long id = ids.next(slot);
					assertThat(id).isPositive();
					assertThat(SlotIdGenerator.slotOf(id)).isEqualTo(slot);
					seen.add(id);
					if (slot == 0) {
						assertThat(id).isGreaterThan(previous);
						previous = id;
					}
				}
			});
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		assertThat(seen).hasSize(8 * 20_000);
		long id = ids.next(1023);
		assertThat(SlotIdGenerator.slotOf(id)).isEqualTo(1023);
		assertThat(SlotIdGenerator.timeOf(id)).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
	}

	@Test
	void workerIdsAndSlotsAreChecked() {
		assertThatThrownBy(() -> new SlotIdGenerator(64)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SlotIdGenerator(0).next(1024)).isInstanceOf(IllegalArgumentException.class);
	}

}
