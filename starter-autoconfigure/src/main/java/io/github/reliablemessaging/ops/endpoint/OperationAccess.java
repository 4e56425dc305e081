package io.github.reliablemessaging.ops.endpoint;

import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * Who may call the write ({@code POST}, {@code DELETE}) operations of the {@code reliable} endpoint, checked by the
 * endpoint itself on the {@link SecurityContext} actuator passes, after and independently of any web security
 * filter chain. So a permissive filter chain (say, {@code permitAll()} on the actuator) still does not let a
 * caller without the admin role change anything.
 */
@FunctionalInterface
public interface OperationAccess {

	/** Lets every caller write: for applications without Spring Security. */
	OperationAccess OPEN = (security) -> {
	};

	/**
	 * Checks a caller before a write operation.
	 * @param security the caller as actuator sees it
	 * @throws OperationException 401 for an anonymous caller, 403 for one without the right
	 */
	void checkWrite(SecurityContext security);

	/**
	 * @param role the role a writer needs, without the {@code ROLE_} prefix (as {@code HttpServletRequest.isUserInRole}
	 * takes it)
	 * @return a check that requires an authenticated caller in that role
	 */
	static OperationAccess requireRole(String role) {
		Objects.requireNonNull(role, "role must not be null");
		return (security) -> {
			if (security == null || security.getPrincipal() == null) {
				throw new OperationException(401, "authentication required: write operations need the role " + role);
			}
			if (!security.isUserInRole(role)) {
				throw new OperationException(403, "user '" + security.getPrincipal().getName()
						+ "' lacks the role " + role + " that write operations need");
			}
		};
	}

}
