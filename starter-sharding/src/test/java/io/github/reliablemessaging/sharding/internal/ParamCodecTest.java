package io.github.reliablemessaging.sharding.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamCodecTest {

	@Test
	void everyStoredTypeRoundTrips() {
		List<Object> params = Arrays.asList(null, "a:b;c\n'x'", "", 42L, 7, new BigDecimal("-12.3400"), 1.5, true,
				LocalDateTime.of(2025, 1, 2, 3, 4, 5, 123_456_000), LocalDate.of(2025, 1, 2),
				Instant.parse("2025-01-02T03:04:05.678Z"));
		List<Object> decoded = ParamCodec.decode(ParamCodec.encode(params));
		assertThat(decoded).containsExactly(null, "a:b;c\n'x'", "", 42L, 7L, new BigDecimal("-12.3400"), 1.5, true,
				LocalDateTime.of(2025, 1, 2, 3, 4, 5, 123_456_000), LocalDate.of(2025, 1, 2),
				Instant.parse("2025-01-02T03:04:05.678Z"));
		assertThat((byte[]) ParamCodec.decode(ParamCodec.encode(List.of(new byte[] { 0, -1, 7 }))).get(0))
			.containsExactly(0, -1, 7);
	}

	@Test
	void unknownTypesAreRefused() {
		assertThatThrownBy(() -> ParamCodec.encode(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot be stored for repair");
	}

}
