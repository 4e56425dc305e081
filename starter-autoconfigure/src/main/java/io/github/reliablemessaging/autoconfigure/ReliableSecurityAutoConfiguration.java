package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.endpoint.OperationAccess;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.ops.security.ReliableEndpointSecurity;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security of the operations under {@code /actuator/reliable} when Spring Security is on the classpath; off with
 * {@code reliable.security.enabled=false}. Two layers:
 * <ol>
 * <li>{@link OperationAccess}: the endpoint itself refuses write operations to callers without
 * {@code reliable.security.admin-role}, whatever the filter chains let through;</li>
 * <li>a {@code reliableSecurityFilterChain} for the endpoint (reads: authenticated, writes: admin role, HTTP basic,
 * audited 401/403) next to Spring Boot's default web security, which stays in force for everything else. It is
 * added only while the application relies on Boot's default security: an application that declares its own
 * {@link SecurityFilterChain} beans decides itself (and can apply {@link ReliableEndpointSecurity} to one of them).</li>
 * </ol>
 */
@AutoConfiguration(before = ReliableEndpointAutoConfiguration.class, afterName = {
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.security.core.Authentication")
@ConditionalOnBooleanProperty(name = "reliable.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReliableSecurityProperties.class)
public final class ReliableSecurityAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ReliableSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	OperationAccess reliableOperationAccess(ReliableSecurityProperties properties) {
		return OperationAccess.requireRole(properties.getAdminRole());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, EndpointRequest.class })
	static class ServletFilterChain {

		@Bean
		@ConditionalOnMissingBean
		ReliableEndpointSecurity reliableEndpointSecurity(ReliableSecurityProperties properties,
				ObjectProvider<SwitchBoard> board, Clock clock) {
			return new ReliableEndpointSecurity(properties.getAdminRole(), properties.getReadRole(), board.getIfAvailable(), clock);
		}

		@Bean
		@Order(SecurityFilterProperties.BASIC_AUTH_ORDER - 1)
		@ConditionalOnMissingBean(name = "reliableSecurityFilterChain")
		@ConditionalOnBean(HttpSecurity.class)
		@ConditionalOnAvailableEndpoint(endpoint = ReliableEndpoint.class)
		@Conditional(OnlyDefaultWebSecurityCondition.class)
		SecurityFilterChain reliableSecurityFilterChain(HttpSecurity http, ReliableEndpointSecurity security) {
			log.info("Securing /actuator/reliable: reads need an authenticated user, writes the role {}", security.adminRole());
			return security.configure(http).build();
		}

	}

}
