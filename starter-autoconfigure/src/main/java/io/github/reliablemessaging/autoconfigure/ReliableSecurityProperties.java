package io.github.reliablemessaging.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Who may use the operations under {@code /actuator/reliable} when Spring Security is on the classpath. */
@ConfigurationProperties("reliable.security")
public class ReliableSecurityProperties {

	/** Whether reads need an authenticated user and writes the admin role; false leaves the operations open. */
	private boolean enabled = true;

	/** Role (without the ROLE_ prefix) a caller needs for write operations (POST, DELETE). */
	private String adminRole = "RELIABLE_ADMIN";

	/** Role (without the ROLE_ prefix) a caller needs for read operations; unset lets any authenticated user read. */
	private @Nullable String readRole;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAdminRole() {
		return this.adminRole;
	}

	public void setAdminRole(String adminRole) {
		this.adminRole = withoutPrefix(adminRole);
	}

	public @Nullable String getReadRole() {
		return this.readRole;
	}

	public void setReadRole(@Nullable String readRole) {
		this.readRole = (readRole == null || readRole.isBlank()) ? null : withoutPrefix(readRole);
	}

	private static String withoutPrefix(String role) {
		String trimmed = role.trim();
		return trimmed.toUpperCase(Locale.ROOT).startsWith("ROLE_") ? trimmed.substring(5) : trimmed;
	}

}
