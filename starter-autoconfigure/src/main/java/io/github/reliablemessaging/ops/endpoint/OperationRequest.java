package io.github.reliablemessaging.ops.endpoint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import org.jspecify.annotations.Nullable;

/**
 * One call of an operation under {@code /actuator/reliable/<area>/...}, as an {@link OperationArea} sees it: the
 * path below the area, the JSON body fields (and query parameters), the caller, and typed accessors that refuse
 * bad input with a 400 naming the field.
 *
 * <p>Actuator's web layer takes a flat JSON object (fields holding text, numbers or booleans) and hands every value
 * over as text, like query parameters; the accessors convert and validate. Lists are comma-separated text
 * ({@code "ids": "O-1,O-2"}); a nested object or array is refused with a 400 before the operation runs.
 *
 * <pre>{@code
 * // POST /actuator/reliable/drain/orders  {"multiplier": 10, "dryRun": true, "reason": "INC-42"}
 * request.allowOnly("multiplier");
 * String listenerId = request.segment(0).orElseThrow(() -> OperationException.notFound("name a listener"));
 * int k = request.requiredInt("multiplier", 2, 100);
 * if (request.dryRun()) { return plan; }
 * request.audit("drain:" + listenerId, "off", "x" + k);
 * }</pre>
 */
public final class OperationRequest {

	/** Name of the dry-run field. */
	public static final String DRY_RUN = "dryRun";

	/** Name of the field that says why, for the audit log. */
	public static final String REASON = "reason";

	/** Fields every write operation accepts besides its own. */
	public static final Set<String> COMMON_FIELDS = Set.of(DRY_RUN, REASON);

	/** The HTTP method of the call. */
	public enum Method {

		/** {@code GET}: reads, never changes anything. */
		READ,
		/** {@code POST} with a JSON body. */
		WRITE,
		/** {@code DELETE}. */
		DELETE;

		/** @return the HTTP method: GET, POST or DELETE */
		public String http() {
			return switch (this) {
				case READ -> "GET";
				case WRITE -> "POST";
				case DELETE -> "DELETE";
			};
		}

	}

	private final Method method;

	private final String area;

	private final List<String> path;

	private final Map<String, Object> fields;

	private final @Nullable Principal principal;

	private final Consumer<Auditable> audit;

	private boolean audited;

	/**
	 * @param method HTTP method
	 * @param area the area addressed (first path segment)
	 * @param path the segments below the area
	 * @param fields JSON body fields and query parameters
	 * @param principal the authenticated caller, or null
	 * @param audit where {@link #audit} entries go (the dispatcher adds who, when and why)
	 */
	public OperationRequest(Method method, String area, List<String> path, Map<String, Object> fields,
			@Nullable Principal principal, Consumer<Auditable> audit) {
		this.method = Objects.requireNonNull(method, "method must not be null");
		this.area = Objects.requireNonNull(area, "area must not be null");
		this.path = List.copyOf(path);
		this.fields = new LinkedHashMap<>(fields);
		this.principal = principal;
		this.audit = Objects.requireNonNull(audit, "audit must not be null");
	}

	/** @return the HTTP method */
	public Method method() {
		return this.method;
	}

	/** @return the area name, e.g. {@code listeners} */
	public String area() {
		return this.area;
	}

	/** @return the path segments below the area, e.g. {@code [orders, skip]} for {@code /listeners/orders/skip} */
	public List<String> path() {
		return this.path;
	}

	/**
	 * @param index position below the area, from 0
	 * @return the segment, if the path is that long
	 */
	public Optional<String> segment(int index) {
		return (index < this.path.size()) ? Optional.of(this.path.get(index)) : Optional.empty();
	}

	/**
	 * Refuses a path longer than an operation takes, e.g. {@code /switches/a/b}.
	 * @param max most segments below the area
	 * @throws OperationException 404 naming the path
	 */
	public void requirePathAtMost(int max) {
		if (this.path.size() > max) {
			throw OperationException.notFound("no operation at '" + describePath() + "'");
		}
	}

	/** @return the body fields and query parameters, unconverted */
	public Map<String, Object> fields() {
		return Collections.unmodifiableMap(this.fields);
	}

	/** @return the authenticated caller, empty for an anonymous one */
	public Optional<Principal> principal() {
		return Optional.ofNullable(this.principal);
	}

	/** @return the caller's name, or {@code anonymous} */
	public String actor() {
		return (this.principal != null) ? this.principal.getName() : "anonymous";
	}

	/**
	 * @return whether the caller only asks what would happen ({@code "dryRun": true}); a dry run changes nothing and
	 * is not audited
	 */
	public boolean dryRun() {
		return bool(DRY_RUN).orElse(false);
	}

	/** @return the caller's reason ({@code "reason"}), recorded in the audit log */
	public Optional<String> reason() {
		return string(REASON);
	}

	/**
	 * Refuses fields the operation does not know, so that a typo ({@code "dryrun"}, {@code "ofset"}) is an error
	 * rather than silently ignored. {@value #DRY_RUN} and {@code reason} are always accepted.
	 * @param names the operation's own fields
	 * @throws OperationException 400 naming the unknown fields and the accepted ones
	 */
	public void allowOnly(String... names) {
		Set<String> accepted = new TreeSet<>(COMMON_FIELDS);
		accepted.addAll(List.of(names));
		Set<String> unknown = new LinkedHashSet<>(this.fields.keySet());
		unknown.removeAll(accepted);
		if (!unknown.isEmpty()) {
			throw OperationException.badRequest("unknown field" + ((unknown.size() > 1) ? "s " : " ") + unknown
					+ " for " + this.method.http() + " " + describePath() + "; accepted: " + accepted);
		}
	}

	/**
	 * @param name field name
	 * @return the field as text; numbers and booleans are given as text too
	 * @throws OperationException 400 for an object or a list
	 */
	public Optional<String> string(String name) {
		Object value = this.fields.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Map || value instanceof Collection) {
			throw invalid(name, "text", value);
		}
		return Optional.of(String.valueOf(value));
	}

	/**
	 * @param name field name
	 * @return the field as non-blank text
	 * @throws OperationException 400 when missing or blank
	 */
	public String requiredString(String name) {
		String value = string(name).orElseThrow(() -> missing(name));
		if (value.isBlank()) {
			throw OperationException.badRequest("'" + name + "' must not be blank");
		}
		return value;
	}

	/**
	 * @param name field name
	 * @return the field as a whole number
	 * @throws OperationException 400 for anything that is not a whole number (e.g. {@code "abc"}, {@code 1.5})
	 */
	public Optional<Long> longValue(String name) {
		Object value = this.fields.get(name);
		if (value == null) {
			return Optional.empty();
		}
		try {
			if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
				return Optional.of(((Number) value).longValue());
			}
			if (value instanceof BigInteger big) {
				return Optional.of(big.longValueExact());
			}
			if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
				return Optional.of(new BigDecimal(value.toString()).longValueExact());
			}
			if (value instanceof String text) {
				return Optional.of(Long.parseLong(text.trim()));
			}
		}
		catch (ArithmeticException | NumberFormatException ex) {
			// falls through to the refusal
		}
		throw invalid(name, "a whole number", value);
	}

	/**
	 * @param name field name
	 * @return the field as an int
	 * @throws OperationException 400 for anything that is not a whole number in int range
	 */
	public Optional<Integer> intValue(String name) {
		Optional<Long> value = longValue(name);
		if (value.isPresent() && (value.get() < Integer.MIN_VALUE || value.get() > Integer.MAX_VALUE)) {
			throw invalid(name, "a whole number up to " + Integer.MAX_VALUE, value.get());
		}
		return value.map(Long::intValue);
	}

	/**
	 * @param name field name
	 * @param min lowest accepted value
	 * @param max highest accepted value
	 * @return the field, within {@code [min, max]}
	 * @throws OperationException 400 when missing, not a whole number or out of range
	 */
	public int requiredInt(String name, int min, int max) {
		int value = intValue(name).orElseThrow(() -> missing(name));
		if (value < min || value > max) {
			throw OperationException.badRequest("'" + name + "' must be between " + min + " and " + max + ", was " + value);
		}
		return value;
	}

	/**
	 * @param name field name
	 * @return the field as a boolean ({@code true}/{@code false}, also as text)
	 * @throws OperationException 400 for anything else
	 */
	public Optional<Boolean> bool(String name) {
		Object value = this.fields.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Boolean b) {
			return Optional.of(b);
		}
		if (value instanceof String text) {
			switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "true":
					return Optional.of(true);
				case "false":
					return Optional.of(false);
				default:
					break;
			}
		}
		throw invalid(name, "true or false", value);
	}

	/**
	 * @param name field name
	 * @return the field as an instant
	 * @throws OperationException 400 for text that is not an ISO-8601 instant
	 */
	public Optional<Instant> instant(String name) {
		Optional<String> text = string(name);
		if (text.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.parse(text.get().trim()));
		}
		catch (DateTimeParseException ex) {
			throw OperationException.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, was '"
					+ text.get() + "'");
		}
	}

	/**
	 * @param name field name
	 * @return the field as a list of texts: comma-separated text ({@code "O-1, O-2"}), or a JSON list where the
	 * caller's web layer passes one through (actuator's web layer accepts only flat JSON objects)
	 * @throws OperationException 400 for objects or nested lists
	 */
	public Optional<List<String>> strings(String name) {
		Object value = this.fields.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Collection<?> items) {
			List<String> texts = new ArrayList<>();
			for (Object item : items) {
				if (item == null || item instanceof Map || item instanceof Collection) {
					throw invalid(name, "a list of texts", value);
				}
				texts.add(String.valueOf(item));
			}
			return Optional.of(List.copyOf(texts));
		}
		return string(name).map((text) -> Arrays.stream(text.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList());
	}

	/**
	 * Records what this call changed in the audit log, with who, when and why (the {@code reason} field). Call it
	 * once the change is made; a dry run should not call it.
	 * @param target what was changed, e.g. {@code skip:orders:orders-3}
	 * @param before state before (may be null)
	 * @param after state after
	 */
	public void audit(String target, @Nullable String before, @Nullable String after) {
		Objects.requireNonNull(target, "target must not be null");
		this.audited = true;
		this.audit.accept(new Auditable(target, before, after));
	}

	/**
	 * Tells the dispatcher that this call's change was audited by another component (e.g. the
	 * {@link io.github.reliablemessaging.ops.switches.SwitchBoard} records switch changes itself), so that it adds
	 * no entry of its own.
	 */
	public void markAudited() {
		this.audited = true;
	}

	/** @return whether {@link #audit} or {@link #markAudited} was called */
	public boolean isAudited() {
		return this.audited;
	}

	/** @return {@code <area>/<segments...>}, e.g. {@code listeners/orders/skip} */
	public String describePath() {
		StringBuilder out = new StringBuilder(this.area);
		this.path.forEach((segment) -> out.append('/').append(segment));
		return out.toString();
	}

	private static OperationException missing(String name) {
		return OperationException.badRequest("missing '" + name + "'");
	}

	private static OperationException invalid(String name, String expected, Object value) {
		String shown = (value instanceof String) ? "'" + value + "'" : String.valueOf(value);
		return OperationException.badRequest("'" + name + "' must be " + expected + ", was " + shown);
	}

	/**
	 * What an operation reports to the audit log; the dispatcher turns it into a {@link SwitchChange} with the
	 * caller, the time, the reason and this instance.
	 *
	 * @param target what was changed
	 * @param before state before
	 * @param after state after
	 */
	public record Auditable(String target, @Nullable String before, @Nullable String after) {

	}

}
