package io.github.reliablemessaging.ops.endpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a body that is not a flat JSON object (malformed JSON, a nested object or list) sent to the
 * {@code reliable} endpoint with {@code {"status": 400, "error": "..."}} and an audit entry, as every other bad
 * input is answered. Spring MVC would otherwise reply with a bare "Bad Request" before the endpoint sees the call.
 * Calls to anything else are left to the other resolvers.
 */
public class ReliableEndpointBodyErrorResolver implements HandlerExceptionResolver, Ordered {

	static final String MESSAGE = "the body must be one JSON object whose fields hold text, numbers or booleans "
			+ "(lists as comma-separated text), e.g. {\"value\": \"true\", \"reason\": \"INC-42\"}";

	private final Supplier<@Nullable String> endpointPath;

	private final SwitchBoard board;

	private final Clock clock;

	/**
	 * @param endpointPath path of the {@code reliable} endpoint below the dispatcher servlet, e.g.
	 * {@code /actuator/reliable} (asked per call: the endpoints are mapped after this bean is created)
	 * @param board audit log
	 * @param clock time of audit entries
	 */
	public ReliableEndpointBodyErrorResolver(Supplier<@Nullable String> endpointPath, SwitchBoard board, Clock clock) {
		this.endpointPath = Objects.requireNonNull(endpointPath, "endpointPath must not be null");
		this.board = Objects.requireNonNull(board, "board must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof HttpMessageNotReadableException) || !isReliableEndpoint(request)) {
			return null;
		}
		String actor = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : "anonymous";
		this.board.audit(new SwitchChange("refused: " + request.getMethod() + " " + request.getRequestURI(), null,
				"400 unreadable body", actor, null, this.clock.instant(), this.board.instanceId(), "local"));
		try {
			response.setStatus(400);
			response.setContentType("application/json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write("{\"status\":400,\"error\":\"" + MESSAGE.replace("\"", "\\\"") + "\"}");
		}
		catch (IOException writeFailed) {
			return null;
		}
		return new ModelAndView();
	}

	private boolean isReliableEndpoint(HttpServletRequest request) {
		String path = this.endpointPath.get();
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return path != null && pattern != null && (pattern.equals(path) || pattern.equals(path + "/**"));
	}

	@Override
	public int getOrder() {
		// before Spring MVC's own resolvers (order 0), which would answer a bare 400
		return -1;
	}

}
