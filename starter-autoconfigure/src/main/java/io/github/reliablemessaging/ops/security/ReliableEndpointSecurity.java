package io.github.reliablemessaging.ops.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The web security of the {@code reliable} actuator endpoint: HTTP basic, stateless; {@code GET} needs an
 * authenticated user (or the read role when one is configured), {@code POST}/{@code DELETE} the admin role;
 * refusals answer {@code {"status": 401|403, "error": "..."}} and are recorded in the audit log (who, when, what,
 * why refused).
 *
 * <p>The starter builds its own {@code reliableSecurityFilterChain} with it while the application relies on Spring
 * Boot's default web security. An application with its own filter chains can apply it to one of them:
 *
 * <pre>{@code
 * @Bean
 * @Order(1)
 * SecurityFilterChain operations(HttpSecurity http, ReliableEndpointSecurity reliable) {
 *     return reliable.configure(http).build();
 * }
 * }</pre>
 *
 * CSRF protection is off for this endpoint: it is called with credentials on every request (no session, so no
 * cookie a browser would send along), and its write operations only accept a JSON content type, which a
 * cross-site HTML form cannot send.
 */
public class ReliableEndpointSecurity {

	private static final Logger log = LoggerFactory.getLogger(ReliableEndpointSecurity.class);

	private final String adminRole;

	private final @Nullable String readRole;

	private final @Nullable SwitchBoard board;

	private final Clock clock;

	/**
	 * @param adminRole role of the callers allowed to write, without the {@code ROLE_} prefix
	 * @param readRole role of the callers allowed to read (the admin role may too), or null for any authenticated
	 * caller
	 * @param board the audit log, or null to only log refusals
	 * @param clock time of audit entries
	 */
	public ReliableEndpointSecurity(String adminRole, @Nullable String readRole, @Nullable SwitchBoard board, Clock clock) {
		this.adminRole = Objects.requireNonNull(adminRole, "adminRole must not be null");
		this.readRole = readRole;
		this.board = board;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** @return the role writers need */
	public String adminRole() {
		return this.adminRole;
	}

	/**
	 * Restricts {@code http} to the {@code reliable} endpoint and secures it.
	 * @param http the builder of a filter chain
	 * @return the same builder, for {@code build()}
	 */
	public HttpSecurity configure(HttpSecurity http) {
		AuthenticationEntryPoint unauthenticated = this::unauthenticated;
		AccessDeniedHandler denied = (request, response, ex) -> refuse(request, response, 403,
				"user '" + name(request.getUserPrincipal()) + "' lacks the role "
						+ ((HttpMethod.GET.matches(request.getMethod())) ? readRoles() : this.adminRole)
						+ " that " + (HttpMethod.GET.matches(request.getMethod()) ? "read" : "write") + " operations need");
		http.securityMatcher(EndpointRequest.to(ReliableEndpoint.ID));
		http.authorizeHttpRequests((requests) -> {
			if (this.readRole != null) {
				requests.requestMatchers(HttpMethod.GET).hasAnyRole(this.readRole, this.adminRole);
			}
			else {
				requests.requestMatchers(HttpMethod.GET).authenticated();
			}
			requests.anyRequest().hasRole(this.adminRole);
		});
		http.httpBasic((basic) -> basic.realmName(ReliableEndpoint.ID).authenticationEntryPoint(unauthenticated));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied));
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.csrf(AbstractHttpConfigurer::disable);
		return http;
	}

	private String readRoles() {
		return (this.readRole != null) ? this.readRole + " or " + this.adminRole : "an authenticated user";
	}

	private void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"" + ReliableEndpoint.ID + "\"");
		String attempted = basicUser(request.getHeader("Authorization"));
		String why = (attempted != null) ? "bad credentials for user '" + attempted + "'" : "authentication required";
		refuse(request, response, 401, why + ": " + (HttpMethod.GET.matches(request.getMethod())
				? "read operations need " + readRoles() : "write operations need the role " + this.adminRole));
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
			throws IOException {
		String what = "refused: " + request.getMethod() + " " + request.getRequestURI();
		String actor = name(request.getUserPrincipal());
		if (this.board != null) {
			this.board.audit(new SwitchChange(what, null, status + " " + reason, actor, null, this.clock.instant(),
					this.board.instanceId(), "local"));
		}
		else {
			log.warn("{} for {}: {} {}", what, actor, status, reason);
		}
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
	}

	private static @Nullable String basicUser(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return (authorization != null) ? "(not basic)" : null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? decoded.substring(0, colon) : "(unreadable)";
		}
		catch (IllegalArgumentException ex) {
			return "(unreadable)";
		}
	}

	private static String name(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : "anonymous";
	}

}
