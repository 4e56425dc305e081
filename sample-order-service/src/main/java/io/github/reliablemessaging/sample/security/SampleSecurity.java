package io.github.reliablemessaging.sample.security;

import io.github.reliablemessaging.ops.security.ReliableEndpointSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two users from configuration ({@code sample.security.*}): an admin with the operations role (writes on
 * {@code /actuator/reliable/...}, the load generator) and a read-only user (reads of the operations endpoint and the
 * other actuator endpoints). The order API and {@code /actuator/health} are open. No default passwords: outside the
 * embedded demo a missing password stops the start-up; the demo generates them and prints them when it is ready.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityUsers.class)
public class SampleSecurity {

	private static final Logger log = LoggerFactory.getLogger(SampleSecurity.class);

	private final SecurityUsers users;

	SampleSecurity(SecurityUsers users) {
		this.users = users;
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager sampleUsers(PasswordEncoder encoder, ReliableEndpointSecurity reliable) {
		SecurityUsers.Account admin = this.users.getAdmin();
		SecurityUsers.Account viewer = this.users.getViewer();
		admin.check("sample.security.admin");
		viewer.check("sample.security.viewer");
		String adminRole = reliable.adminRole().replaceFirst("^ROLE_", "");
		return new InMemoryUserDetailsManager(
				User.withUsername(admin.getUsername()).password(encoder.encode(admin.getPassword())).roles(adminRole).build(),
				User.withUsername(viewer.getUsername()).password(encoder.encode(viewer.getPassword())).roles("VIEWER").build());
	}

	/** The operations endpoint: reads authenticated, writes the admin role, refusals audited. */
	@Bean
	@Order(1)
	SecurityFilterChain reliableOperations(HttpSecurity http, ReliableEndpointSecurity reliable) throws Exception {
		return reliable.configure(http).build();
	}

	/** Everything else. */
	@Bean
	@Order(2)
	SecurityFilterChain application(HttpSecurity http, ReliableEndpointSecurity reliable) throws Exception {
		String adminRole = reliable.adminRole().replaceFirst("^ROLE_", "");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(EndpointRequest.to("health", "info")).permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint()).authenticated()
			.requestMatchers("/load", "/load/**").hasRole(adminRole)
			.requestMatchers(HttpMethod.GET, "/orders/**", "/users/**").permitAll()
			.requestMatchers(HttpMethod.POST, "/orders", "/orders/**").permitAll()
			.requestMatchers("/error").permitAll()
			.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable()) // a JSON API with credentials on every call; no session cookie to ride on
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@EventListener(ApplicationReadyEvent.class)
	void printDemoCredentials() {
		if (this.users.isGenerated()) {
			log.warn("""

					================ embedded demo: generated credentials (not for production) ================
					  admin  (role RELIABLE_ADMIN, operations + load):  {}:{}
					  viewer (read-only):                                {}:{}
					  e.g.  curl -s -u {}:{} localhost:{}/actuator/reliable
					==========================================================================================""",
					this.users.getAdmin().getUsername(), this.users.getAdmin().getPassword(),
					this.users.getViewer().getUsername(), this.users.getViewer().getPassword(),
					this.users.getAdmin().getUsername(), this.users.getAdmin().getPassword(), this.users.getPort());
		}
	}

}
