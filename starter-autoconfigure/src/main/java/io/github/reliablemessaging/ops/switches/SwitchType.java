package io.github.reliablemessaging.ops.switches;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;

/** The value types a switch can hold; each parses the text form an operator sends. */
public enum SwitchType {

	/** {@code true} / {@code false} (also on/off, case-insensitive). */
	BOOLEAN {
		@Override
		Object parse(String text) {
			return switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "true", "on" -> Boolean.TRUE;
				case "false", "off" -> Boolean.FALSE;
				default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
			};
		}
	},

	/** A whole number. */
	INTEGER {
		@Override
		Object parse(String text) {
			try {
				return Integer.valueOf(text.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
			}
		}
	},

	/** A duration such as {@code 500ms}, {@code 2s} or ISO-8601 {@code PT2S}. */
	DURATION {
		@Override
		Object parse(String text) {
			try {
				return DurationStyle.detectAndParse(text.trim());
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				throw new IllegalArgumentException("expected a duration such as 500ms, 2s or PT2S, got '" + text + "'");
			}
		}

		@Override
		String format(Object value) {
			return DurationStyle.SIMPLE.print((Duration) value);
		}
	},

	/** Free text. */
	STRING {
		@Override
		Object parse(String text) {
			return text;
		}
	};

	abstract Object parse(String text);

	String format(Object value) {
		return String.valueOf(value);
	}

}
