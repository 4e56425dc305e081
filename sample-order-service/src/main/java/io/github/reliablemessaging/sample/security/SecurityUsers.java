package io.github.reliablemessaging.sample.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The sample's two users. */
@ConfigurationProperties("sample.security")
public class SecurityUsers {

	/** The operator: the operations role (writes on /actuator/reliable/..., the load generator). */
	private final Account admin = new Account("admin");

	/** The read-only user: reads of /actuator/reliable/... and the other actuator endpoints. */
	private final Account viewer = new Account("viewer");

	/** Set by the embedded demo when it generated the passwords (they are then printed at start-up). */
	private boolean generated;

	/** The HTTP port, for the printed example. */
	private int port = 8080;

	public Account getAdmin() {
		return this.admin;
	}

	public Account getViewer() {
		return this.viewer;
	}

	public boolean isGenerated() {
		return this.generated;
	}

	public void setGenerated(boolean generated) {
		this.generated = generated;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	/** A user name and password. */
	public static class Account {

		/** User name. */
		private String username;

		/** Password; required (there is no default). */
		private String password;

		Account(String username) {
			this.username = username;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		void check(String prefix) {
			if (this.username == null || this.username.isBlank()) {
				throw new IllegalStateException(prefix + ".username must not be blank");
			}
			if (this.password == null || this.password.length() < 8) {
				throw new IllegalStateException(prefix + ".password is missing or shorter than 8 characters: the sample"
						+ " has no default passwords outside the embedded demo (set it, e.g. SAMPLE_SECURITY_"
						+ prefix.substring("sample.security.".length()).toUpperCase() + "_PASSWORD)");
			}
		}

	}

}
