package io.github.reliablemessaging.ops.endpoint;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.reliablemessaging.ops.endpoint.OperationRequest.Method;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code reliable} actuator endpoint: one endpoint id, so that exposure
 * ({@code management.endpoints.web.exposure.include=reliable}), access ({@code management.endpoint.reliable.access})
 * and security matchers ({@code EndpointRequest.to("reliable")}) work as for any actuator endpoint, and one
 * {@link OperationArea} per first path segment below it:
 *
 * <pre>
 * GET    /actuator/reliable                      the areas
 * GET    /actuator/reliable/{area}/{path...}     area.read
 * POST   /actuator/reliable/{area}/{path...}     area.write   (JSON object body)
 * DELETE /actuator/reliable/{area}/{path...}     area.delete
 * </pre>
 *
 * This class only dispatches: it checks write access ({@link OperationAccess}), finds the area (404 listing the
 * areas), turns {@link OperationException}s into {@code {"status": ..., "error": "..."}} answers and audits every
 * write's outcome in the {@link SwitchBoard}'s audit log. The body fields reach it through
 * {@link ReliableEndpointArgumentsAdvisor} as {@link Arguments}.
 */
@WebEndpoint(id = ReliableEndpoint.ID)
public class ReliableEndpoint {

	/** The endpoint id. */
	public static final String ID = "reliable";

	/** Name of the path parameter; a body field or query parameter of that name is refused. */
	static final String PATH = "path";

	private static final Pattern AREA_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	/** Fields whose values never reach the audit log or the service log. */
	private static final Pattern SECRET = Pattern.compile("(?i)password|secret|token|credential");

	private static final Logger log = LoggerFactory.getLogger(ReliableEndpoint.class);

	private final Supplier<List<OperationArea>> areas;

	private final OperationAccess access;

	private final SwitchBoard board;

	private final Clock clock;

	/**
	 * @param areas the operation areas, asked at every call (so that areas of other starters are found whatever
	 * their creation order)
	 * @param access who may write
	 * @param board the audit log (and this instance's id)
	 * @param clock time of audit entries
	 */
	public ReliableEndpoint(Supplier<List<OperationArea>> areas, OperationAccess access, SwitchBoard board, Clock clock) {
		this.areas = Objects.requireNonNull(areas, "areas must not be null");
		this.access = Objects.requireNonNull(access, "access must not be null");
		this.board = Objects.requireNonNull(board, "board must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** @return the areas by name, with their descriptions */
	@ReadOperation
	public Map<String, Object> index() {
		Map<String, Object> described = new LinkedHashMap<>();
		areas().forEach((name, area) -> described.put(name, area.description()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instance", this.board.instanceId());
		body.put("areas", described);
		return body;
	}

	/**
	 * {@code GET /actuator/reliable/{area}/{path...}}.
	 * @param path the area and the path below it
	 * @param arguments query parameters
	 * @param security the caller
	 * @return the area's answer, or the refusal
	 */
	@ReadOperation
	public WebEndpointResponse<Object> read(@Selector(match = Match.ALL_REMAINING) String[] path, Arguments arguments,
			SecurityContext security) {
		return dispatch(Method.READ, path, arguments, security);
	}

	/**
	 * {@code POST /actuator/reliable/{area}/{path...}} with a JSON object body.
	 * @param path the area and the path below it
	 * @param arguments body fields and query parameters
	 * @param security the caller
	 * @return the area's answer, or the refusal
	 */
	@WriteOperation
	public WebEndpointResponse<Object> write(@Selector(match = Match.ALL_REMAINING) String[] path, Arguments arguments,
			SecurityContext security) {
		return dispatch(Method.WRITE, path, arguments, security);
	}

	/**
	 * {@code DELETE /actuator/reliable/{area}/{path...}}.
	 * @param path the area and the path below it
	 * @param arguments query parameters
	 * @param security the caller
	 * @return the area's answer, or the refusal
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> delete(@Selector(match = Match.ALL_REMAINING) String[] path, Arguments arguments,
			SecurityContext security) {
		return dispatch(Method.DELETE, path, arguments, security);
	}

	private WebEndpointResponse<Object> dispatch(Method method, String[] path, Arguments arguments, SecurityContext security) {
		boolean write = method != Method.READ;
		String areaName = (path.length > 0) ? path[0] : "";
		OperationRequest request = new OperationRequest(method, areaName, Arrays.asList(path).subList(Math.min(1, path.length), path.length),
				arguments.fields(), (security != null) ? security.getPrincipal() : null,
				(entry) -> record(entry.target(), entry.before(), entry.after(), security, arguments));
		try {
			if (write) {
				this.access.checkWrite(security);
			}
			if (arguments.refusal() != null) {
				throw OperationException.badRequest(arguments.refusal());
			}
			Map<String, OperationArea> known = areas();
			OperationArea area = known.get(areaName);
			if (area == null) {
				throw OperationException.notFound("unknown area '" + areaName + "'; areas: " + known.keySet());
			}
			Object body = switch (method) {
				case READ -> area.read(request);
				case WRITE -> area.write(request);
				case DELETE -> area.delete(request);
			};
			if (write && !request.isAudited() && !dryRun(request)) {
				record(method.http() + " " + request.describePath(), null, "done", security, arguments);
			}
			return Responses.ok(body);
		}
		catch (OperationException ex) {
			if (write) {
				record("refused: " + describe(method, request, arguments), null, ex.status() + " " + ex.getMessage(), security,
						arguments);
			}
			return Responses.error(ex.status(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Operation {} failed", describe(method, request, arguments), ex);
			if (write) {
				record("failed: " + describe(method, request, arguments), null, "500 " + ex.getMessage(), security, arguments);
			}
			return Responses.error(500, method.http() + " " + request.describePath() + " failed: " + ex.getMessage()
					+ " (details in the service log)");
		}
	}

	private static boolean dryRun(OperationRequest request) {
		try {
			return request.dryRun();
		}
		catch (OperationException ex) {
			return false;
		}
	}

	private void record(String target, @Nullable String before, @Nullable String after, SecurityContext security,
			Arguments arguments) {
		String actor = (security != null && security.getPrincipal() != null) ? security.getPrincipal().getName() : "anonymous";
		Object reason = arguments.fields().get(OperationRequest.REASON);
		this.board.audit(new SwitchChange(target, before, after, actor, (reason != null) ? String.valueOf(reason) : null,
				this.clock.instant(), this.board.instanceId(), "local"));
	}

	private static String describe(Method method, OperationRequest request, Arguments arguments) {
		Map<String, Object> shown = new TreeMap<>(arguments.fields());
		shown.remove(OperationRequest.REASON);
		shown.replaceAll((name, value) -> SECRET.matcher(name).find() ? "******" : value);
		String text = method.http() + " " + request.describePath() + (shown.isEmpty() ? "" : " " + shown);
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	/**
	 * @return the areas by name
	 * @throws IllegalStateException when two areas share a name or a name is not a valid path segment
	 */
	public Map<String, OperationArea> areas() {
		Map<String, OperationArea> byName = new TreeMap<>();
		for (OperationArea area : this.areas.get()) {
			String name = area.name();
			if (name == null || !AREA_NAME.matcher(name).matches()) {
				throw new IllegalStateException("operation area " + area.getClass().getName() + " has an invalid name '" + name
						+ "': lower case letters, digits and '-'");
			}
			OperationArea other = byName.putIfAbsent(name, area);
			if (other != null) {
				throw new IllegalStateException("two operation areas are named '" + name + "': " + other.getClass().getName()
						+ " and " + area.getClass().getName());
			}
		}
		return byName;
	}

	/**
	 * The body fields and query parameters of a call, put in by {@link ReliableEndpointArgumentsAdvisor} (actuator
	 * otherwise hands an operation only the parameters it names, and the fields of an area are not known here).
	 *
	 * @param fields field name to value: text (actuator hands JSON numbers and booleans over as text too)
	 * @param refusal why the call cannot be served as sent (a 400), or null
	 */
	public record Arguments(Map<String, Object> fields, @Nullable String refusal) {

		/** Copies the fields. */
		public Arguments {
			fields = new LinkedHashMap<>(fields);
		}

		/** @param fields field name to value */
		public Arguments(Map<String, Object> fields) {
			this(fields, null);
		}

		@Override
		public Map<String, Object> fields() {
			return new LinkedHashMap<>(this.fields);
		}

	}

}
