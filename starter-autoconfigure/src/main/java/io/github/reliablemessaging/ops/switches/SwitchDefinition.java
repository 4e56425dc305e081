package io.github.reliablemessaging.ops.switches;

import java.util.Objects;
import java.util.function.Function;

/**
 * A named runtime switch: its type, default, an optional validator and a one-line description.
 *
 * <pre>{@code
 * SwitchDefinition.integer("ordered.orders.concurrency", 16, "Worker threads of the orders listener")
 *     .validatedBy(v -> (int) v >= 1 && (int) v <= 1024 ? null : "must be between 1 and 1024");
 * }</pre>
 *
 * @param name unique dotted name, e.g. {@code listener.orders.paused}
 * @param type value type
 * @param defaultValue value before anyone sets it (after parsing)
 * @param description one line for operators
 * @param validator returns an error message for an invalid value, {@code null} when valid
 */
public record SwitchDefinition(String name, SwitchType type, Object defaultValue, String description,
		Function<Object, String> validator) {

	/** Validates the name and the default. */
	public SwitchDefinition {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(defaultValue, "defaultValue must not be null");
		if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._\\-]*")) {
			throw new IllegalArgumentException("switch name must be letters, digits, '.', '_' or '-': '" + name + "'");
		}
		validator = (validator != null) ? validator : (value) -> null;
		String problem = validator.apply(defaultValue);
		if (problem != null) {
			throw new IllegalArgumentException("default of switch " + name + " is invalid: " + problem);
		}
	}

	/**
	 * A boolean switch.
	 * @param name switch name
	 * @param defaultValue default
	 * @param description one line
	 * @return the definition
	 */
	public static SwitchDefinition bool(String name, boolean defaultValue, String description) {
		return new SwitchDefinition(name, SwitchType.BOOLEAN, defaultValue, description, null);
	}

	/**
	 * An integer switch.
	 * @param name switch name
	 * @param defaultValue default
	 * @param description one line
	 * @return the definition
	 */
	public static SwitchDefinition integer(String name, int defaultValue, String description) {
		return new SwitchDefinition(name, SwitchType.INTEGER, defaultValue, description, null);
	}

	/**
	 * A copy of this definition that accepts only integers in {@code [min, max]}.
	 * @param min lowest accepted value
	 * @param max highest accepted value
	 * @return the copy
	 */
	public SwitchDefinition between(int min, int max) {
		return validatedBy((value) -> ((Integer) value >= min && (Integer) value <= max) ? null
				: "must be between " + min + " and " + max + ", was " + value);
	}

	/**
	 * A copy of this definition with a validator.
	 * @param check returns an error message for an invalid value, {@code null} when valid
	 * @return the copy
	 */
	public SwitchDefinition validatedBy(Function<Object, String> check) {
		return new SwitchDefinition(this.name, this.type, this.defaultValue, this.description, check);
	}

	/**
	 * Parses and validates an operator's text.
	 * @param text the value as sent
	 * @return the typed value
	 * @throws IllegalArgumentException with a message naming the switch and the problem
	 */
	public Object parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("switch " + this.name + " needs a value (" + this.type.name().toLowerCase() + ")");
		}
		Object value;
		try {
			value = this.type.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("switch " + this.name + ": " + ex.getMessage());
		}
		String problem = this.validator.apply(value);
		if (problem != null) {
			throw new IllegalArgumentException("switch " + this.name + ": " + problem);
		}
		return value;
	}

	String format(Object value) {
		return this.type.format(value);
	}

}
