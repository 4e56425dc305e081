package io.github.reliablemessaging.sharding.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Text form of statement parameters, so that a broadcast write can be stored for repair and replayed with the same
 * values: {@code <tag><length>:<value>} per parameter. Tags: {@code N} null, {@code S} string, {@code L} integral,
 * {@code D} decimal, {@code F} floating, {@code B} boolean, {@code T} LocalDateTime, {@code A} LocalDate,
 * {@code I} Instant, {@code Y} bytes (Base64).
 */
public final class ParamCodec {

	private ParamCodec() {
	}

	/**
	 * @param params parameter values
	 * @return their text form
	 * @throws IllegalArgumentException for a type that cannot be stored
	 */
	public static String encode(List<Object> params) {
		StringBuilder out = new StringBuilder();
		for (Object value : params) {
			char tag;
			String text;
			if (value == null) {
				tag = 'N';
				text = "";
			}
			else if (value instanceof CharSequence || value instanceof java.util.UUID || value instanceof Enum<?>) {
				tag = 'S';
				text = value.toString();
			}
			else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
				tag = 'L';
				text = value.toString();
			}
			else if (value instanceof BigDecimal decimal) {
				tag = 'D';
				text = decimal.toPlainString();
			}
			else if (value instanceof Double || value instanceof Float) {
				tag = 'F';
				text = value.toString();
			}
			else if (value instanceof Boolean) {
				tag = 'B';
				text = value.toString();
			}
			else if (value instanceof LocalDateTime) {
				tag = 'T';
				text = value.toString();
			}
			else if (value instanceof LocalDate) {
				tag = 'A';
				text = value.toString();
			}
			else if (value instanceof Instant) {
				tag = 'I';
				text = value.toString();
			}
			else if (value instanceof byte[] bytes) {
				tag = 'Y';
				text = Base64.getEncoder().encodeToString(bytes);
			}
			else {
				throw new IllegalArgumentException("A broadcast parameter of type " + value.getClass().getName()
						+ " cannot be stored for repair; use String, numbers, Boolean, LocalDateTime, LocalDate, Instant,"
						+ " UUID, enums or byte[]");
			}
			out.append(tag).append(text.length()).append(':').append(text);
		}
		return out.toString();
	}

	/**
	 * @param text the text form
	 * @return the parameter values
	 */
	public static List<Object> decode(String text) {
		List<Object> values = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			char tag = text.charAt(i);
			int colon = text.indexOf(':', i);
			int length = Integer.parseInt(text.substring(i + 1, colon));
			String value = text.substring(colon + 1, colon + 1 + length);
			i = colon + 1 + length;
			values.add(switch (tag) {
				case 'N' -> null;
				case 'S' -> value;
				case 'L' -> Long.valueOf(value);
				case 'D' -> new BigDecimal(value);
				case 'F' -> Double.valueOf(value);
				case 'B' -> Boolean.valueOf(value);
				case 'T' -> LocalDateTime.parse(value);
				case 'A' -> LocalDate.parse(value);
				case 'I' -> Instant.parse(value);
				case 'Y' -> Base64.getDecoder().decode(value);
				default -> throw new IllegalArgumentException("Unknown parameter tag '" + tag + "'");
			});
		}
		return values;
	}

}
