package io.github.reliablemessaging.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.github.reliablemessaging.ops.endpoint.CanaryArea;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryHealthIndicator;
import io.github.reliablemessaging.ops.monitoring.canary.CanaryMonitor;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class,
				CanaryAutoConfiguration.class))
		.withPropertyValues("reliable.switches.propagation.enabled=false",
				"spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
				"reliable.monitoring.canary.topic=canary-autoconfig-test");

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CanaryMonitor.class)
			.doesNotHaveBean(CanaryHealthIndicator.class)
			.doesNotHaveBean(CanaryArea.class));
	}

	@Test
	void enabledItRunsWithHealthAndArea() {
		this.runner.withPropertyValues("reliable.monitoring.canary.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(CanaryMonitor.class)
				.hasBean("reliableCanaryHealthIndicator")
				.hasSingleBean(CanaryArea.class);
			assertThat(context.getBean(CanaryMonitor.class).report().topic()).isEqualTo("canary-autoconfig-test");
		});
	}

	@Test
	void aUsersCanaryWins() {
		this.runner.withPropertyValues("reliable.monitoring.canary.enabled=true")
			.withUserConfiguration(UserCanary.class)
			.run((context) -> assertThat(context.getBean(CanaryMonitor.class).report().topic()).isEqualTo("mine"));
	}

	@Test
	void offWithoutBootsKafkaConfiguration() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CanaryAutoConfiguration.class))
			.withPropertyValues("reliable.monitoring.canary.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CanaryMonitor.class));
	}

	@Test
	void offWithoutSpringKafkaOnTheClasspath() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CanaryAutoConfiguration.class))
			.withPropertyValues("reliable.monitoring.canary.enabled=true")
			.withClassLoader(new FilteredClassLoader(KafkaProperties.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CanaryMonitor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCanary {

		@Bean(destroyMethod = "close")
		CanaryMonitor myCanary() {
			return new CanaryMonitor(new CanaryMonitor.Settings("mine", "me", Duration.ofSeconds(1), Duration.ofSeconds(5), 1,
					(short) 1, 10, 10, 0.9), Map.of());
		}

	}

}
