package io.github.reliablemessaging.sharding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import io.github.reliablemessaging.testsupport.RealMySql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotsTest {

	/** The README's test vectors, computed independently with Python's zlib.crc32 over the documented bytes. */
	@ParameterizedTest
	@CsvSource({ "long,0,1696784233,105", "long,1,304476159,255", "long,42,3197703871,191", "long,-1,558161692,28",
			"long,10000,2723183976,104", "long,9223372036854775807,1920948934,198", "string,'',0,0",
			"string,user-1,2116437524,20", "string,Zürich,3540756798,62", "string,订单,3267451827,179",
			"uuid,123e4567-e89b-12d3-a456-426614174000,2894570992,240" })
	void testVectors(String type, String text, long hash, int slotOf256) {
		Object key = switch (type) {
			case "long" -> Long.parseLong(text);
			case "uuid" -> UUID.fromString(text);
			default -> text;
		};
		assertThat(Slots.hash(key)).isEqualTo(hash);
		assertThat(Slots.of(256).slotOf(key)).isEqualTo(slotOf256);
	}

	@Test
	void integralTypesShareTheirSlot() {
		Slots slots = Slots.of(256);
		assertThat(slots.slotOf(42)).isEqualTo(slots.slotOf(42L)).isEqualTo(slots.slotOf((short) 42));
	}

	@Test
	void tenThousandSequentialUsersSpreadEvenly() {
		int[] counts = new int[256];
		for (long user = 1; user <= 10_000; user++) {
			counts[Slots.of(256).slotOf(user)]++;
		}
		// expected 39 per slot; a uniform hash stays well inside 15..70 for every slot
		assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy((c) -> assertThat(c).isBetween(15, 70));
	}

	@Test
	void unsupportedKeysAreRefused() {
		assertThatThrownBy(() -> Slots.of(256).slotOf(1.5)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Unsupported shard key type java.lang.Double");
		assertThatThrownBy(() -> Slots.of(0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Slots.of(1025)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theDocumentedSqlExpressionsComputeTheSameSlot() throws Exception {
		RealMySql server = TestSets.shared().get(0);
		try (Connection c = server.connect("");
				PreparedStatement longs = c.prepareStatement("SELECT CRC32(UNHEX(LPAD(HEX(CAST(? AS SIGNED)), 16, '0'))) % 256");
				PreparedStatement strings = c.prepareStatement("SELECT CRC32(CONVERT(? USING utf8mb4)) % 256")) {
			for (long key : new long[] { 0, 1, 42, -1, 10_000, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789 }) {
				longs.setLong(1, key);
				try (ResultSet rs = longs.executeQuery()) {
					rs.next();
					assertThat(rs.getInt(1)).as("slot of %d in SQL", key).isEqualTo(Slots.of(256).slotOf(key));
				}
			}
			for (String key : new String[] { "user-1", "Zürich", "订单", "a" }) {
				strings.setString(1, key);
				try (ResultSet rs = strings.executeQuery()) {
					rs.next();
					assertThat(rs.getInt(1)).as("slot of %s in SQL", key).isEqualTo(Slots.of(256).slotOf(key));
				}
			}
		}
	}

}
