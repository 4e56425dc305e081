package io.github.reliablemessaging.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeyTest {

	@Test
	void shortKeysAreStoredAsTheyAre() {
		IdempotencyKey key = IdempotencyKey.of("orders", "evt-1");
		assertThat(key.group()).isEqualTo("orders");
		assertThat(key.key()).isEqualTo("evt-1");
		String longest = "k".repeat(IdempotencyKey.MAX_LENGTH);
		assertThat(IdempotencyKey.of("orders", longest).key()).isEqualTo(longest);
	}

	@Test
	void longKeysAreHashedDeterministically() {
		String tooLong = "k".repeat(IdempotencyKey.MAX_LENGTH + 1);
		IdempotencyKey a = IdempotencyKey.of("orders", tooLong);
		assertThat(a.key()).startsWith(IdempotencyKey.HASH_PREFIX).hasSize(IdempotencyKey.HASH_PREFIX.length() + 64);
		assertThat(IdempotencyKey.of("orders", tooLong)).isEqualTo(a);
		assertThat(IdempotencyKey.of("orders", tooLong + "x").key()).isNotEqualTo(a.key());
		assertThat(IdempotencyKey.of("g".repeat(300), "evt").group()).startsWith(IdempotencyKey.HASH_PREFIX);
	}

	@Test
	void aRawKeyCanNeverImpersonateAHash() {
		String hashed = IdempotencyKey.of("orders", "x".repeat(500)).key();
		IdempotencyKey impostor = IdempotencyKey.of("orders", hashed);
		assertThat(impostor.key()).startsWith(IdempotencyKey.HASH_PREFIX).isNotEqualTo(hashed);
	}

	@Test
	void blankOrUnnormalisedPartsAreRefused() {
		assertThatThrownBy(() -> IdempotencyKey.of("orders", " ")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> IdempotencyKey.of("", "k")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new IdempotencyKey("orders", "k".repeat(500))).isInstanceOf(IllegalArgumentException.class);
	}

}
