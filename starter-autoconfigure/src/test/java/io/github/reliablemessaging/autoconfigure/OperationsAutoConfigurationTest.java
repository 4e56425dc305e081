package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.ops.endpoint.OperationRequest;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.ops.endpoint.SwitchesArea;
import io.github.reliablemessaging.ops.switches.KafkaSwitchPropagator;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwitchBoardAutoConfiguration.class, ListenerOperationsAutoConfiguration.class,
				ReliableEndpointAutoConfiguration.class))
		.withPropertyValues("reliable.switches.propagation.enabled=false", "management.endpoints.web.exposure.include=*",
				"reliable.switches.initial.some.switch=true");

	@Test
	void switchBoardAndEndpointByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SwitchBoard.class).hasSingleBean(ReliableEndpoint.class).hasSingleBean(SwitchesArea.class);
			assertThat(context).doesNotHaveBean(KafkaSwitchPropagator.class);
		});
	}

	@Test
	void aUsersSwitchBoardWins() {
		this.runner.withUserConfiguration(UserBoard.class).run((context) -> {
			assertThat(context).hasSingleBean(SwitchBoard.class);
			assertThat(context.getBean(SwitchBoard.class).instanceId()).isEqualTo("mine");
		});
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("reliable.switches.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SwitchBoard.class).doesNotHaveBean(ReliableEndpoint.class));
	}

	@Test
	void noEndpointWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(WebEndpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(SwitchBoard.class).doesNotHaveBean(ReliableEndpoint.class));
	}

	@Test
	void twoAreasWithOneNameFailTheStartUp() {
		this.runner.withUserConfiguration(TwoSwitchesAreas.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("two operation areas are named 'switches'"));
	}

	@Test
	void notExposedNoEndpointAndNoAreas() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasSingleBean(SwitchBoard.class)
				.doesNotHaveBean(ReliableEndpoint.class)
				.doesNotHaveBean(SwitchesArea.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoSwitchesAreas {

		@Bean
		OperationArea mySwitches() {
			return new OperationArea() {

				@Override
				public String name() {
					return "switches";
				}

				@Override
				public String description() {
					return "mine";
				}

				@Override
				public Object read(OperationRequest request) {
					return "mine";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBoard {

		@Bean
		SwitchBoard mySwitchBoard() {
			return new SwitchBoard("mine", 10, Clock.systemUTC());
		}

	}

}
