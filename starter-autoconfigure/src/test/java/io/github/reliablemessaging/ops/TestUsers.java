package io.github.reliablemessaging.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The users of the test applications: an operator with the admin role, a viewer without it. */
@Configuration(proxyBeanMethods = false)
public class TestUsers {

	/** Has the role RELIABLE_ADMIN. */
	public static final String ADMIN = "ops-admin";

	/** An authenticated user without the admin role. */
	public static final String VIEWER = "viewer";

	/** Password of both. */
	public static final String PASSWORD = "secret-pw";

	@Bean
	InMemoryUserDetailsManager testUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername(ADMIN).password("{noop}" + PASSWORD).roles("RELIABLE_ADMIN", "USER").build(),
				User.withUsername(VIEWER).password("{noop}" + PASSWORD).roles("USER").build());
	}

	/**
	 * @param http anonymous HTTP
	 * @return the same as the admin
	 */
	public static Http admin(Http http) {
		return http.as(ADMIN, PASSWORD);
	}

}
