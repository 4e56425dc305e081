package io.github.reliablemessaging.autoconfigure;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import io.github.reliablemessaging.ops.endpoint.OperationAccess;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.security.ReliableEndpointSecurity;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReliableSecurityAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwitchBoardAutoConfiguration.class, ReliableSecurityAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class, ReliableEndpointAutoConfiguration.class))
		.withPropertyValues("reliable.switches.propagation.enabled=false", "management.endpoints.web.exposure.include=reliable");

	static SecurityContext caller(String name, String... roles) {
		Principal principal = () -> name;
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String role) {
				return Set.of(roles).contains(role);
			}

		};
	}

	@Test
	void writesNeedTheAdminRoleByDefault() {
		this.runner.run((context) -> {
			OperationAccess access = context.getBean(OperationAccess.class);
			access.checkWrite(caller("alice", "RELIABLE_ADMIN"));
			assertThatThrownBy(() -> access.checkWrite(caller("bob", "USER"))).isInstanceOfSatisfying(OperationException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(403));
			assertThatThrownBy(() -> access.checkWrite(SecurityContext.NONE)).isInstanceOfSatisfying(OperationException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(401));
		});
	}

	@Test
	void theAdminRoleIsConfigurableWithOrWithoutThePrefix() {
		this.runner.withPropertyValues("reliable.security.admin-role=ROLE_OPS").run((context) -> {
			OperationAccess access = context.getBean(OperationAccess.class);
			access.checkWrite(caller("carol", "OPS"));
			assertThatThrownBy(() -> access.checkWrite(caller("alice", "RELIABLE_ADMIN"))).isInstanceOf(OperationException.class);
			assertThat(context.getBean(ReliableEndpointSecurity.class).adminRole()).isEqualTo("OPS");
		});
	}

	@Test
	void aUsersAccessRuleWins() {
		this.runner.withUserConfiguration(UserAccess.class)
			.run((context) -> assertThat(context.getBean(OperationAccess.class)).isSameAs(UserAccess.MINE));
	}

	@Test
	void switchedOffByPropertyTheEndpointIsOpen() {
		this.runner.withPropertyValues("reliable.security.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OperationAccess.class).doesNotHaveBean(ReliableEndpointSecurity.class);
			assertOpen(context.getBean(ReliableEndpoint.class));
		});
	}

	@Test
	void withoutSpringSecurityTheEndpointIsOpen() {
		this.runner.withClassLoader(new FilteredClassLoader(Authentication.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(OperationAccess.class);
			assertOpen(context.getBean(ReliableEndpoint.class));
		});
	}

	@Test
	void noFilterChainWithoutWebSecurityConfigured() {
		// Spring Security on the classpath, but neither Boot's nor the application's web security: nothing to join
		this.runner.run((context) -> assertThat(context).hasSingleBean(ReliableEndpointSecurity.class)
			.doesNotHaveBean("reliableSecurityFilterChain"));
	}

	private static void assertOpen(ReliableEndpoint endpoint) {
		WebEndpointResponse<Object> answer = endpoint.write(new String[] { "switches", "no.such.switch" },
				new ReliableEndpoint.Arguments(Map.of("value", "true")), SecurityContext.NONE);
		// reached the area (which does not know the switch), not refused for want of a role
		assertThat(answer.getStatus()).isEqualTo(404);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAccess {

		static final OperationAccess MINE = (security) -> {
		};

		@Bean
		OperationAccess myAccess() {
			return MINE;
		}

	}

}
