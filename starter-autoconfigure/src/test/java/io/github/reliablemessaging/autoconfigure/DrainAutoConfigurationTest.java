package io.github.reliablemessaging.autoconfigure;

import java.util.UUID;

import io.github.reliablemessaging.ops.drain.DrainMeters;
import io.github.reliablemessaging.ops.drain.DrainService;
import io.github.reliablemessaging.ops.endpoint.DrainArea;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DrainAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SwitchBoardAutoConfiguration.class,
				ListenerOperationsAutoConfiguration.class, DrainAutoConfiguration.class, ReliableEndpointAutoConfiguration.class))
		.withPropertyValues("reliable.switches.propagation.enabled=false", "management.endpoints.web.exposure.include=*",
				"spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
				"reliable.drain.control-topic=drain-autoconfig-" + UUID.randomUUID());

	@Test
	void drainServiceAreaAndMetersByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DrainService.class).hasSingleBean(DrainArea.class).hasSingleBean(DrainMeters.class);
			assertThat(context.getBean(ReliableEndpoint.class).areas()).containsKey("drain");
		});
	}

	@Test
	void switchedOffByProperty() {
		this.runner.withPropertyValues("reliable.drain.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DrainService.class).doesNotHaveBean(DrainArea.class));
	}

	@Test
	void aUsersAreaWins() {
		this.runner.withUserConfiguration(UserArea.class).run((context) -> {
			assertThat(context).hasSingleBean(DrainArea.class);
			assertThat(context).getBean(DrainArea.class).isSameAs(context.getBean(UserArea.class).area);
		});
	}

	@Test
	void noAreaWhenTheEndpointIsNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasSingleBean(DrainService.class).doesNotHaveBean(DrainArea.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(DrainService.class).doesNotHaveBean(DrainMeters.class));
	}

	@Test
	void nothingWithoutKafka() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SwitchBoardAutoConfiguration.class, DrainAutoConfiguration.class))
			.withPropertyValues("reliable.switches.propagation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DrainService.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserArea {

		DrainArea area;

		@Bean
		DrainArea myDrainArea(DrainService drains) {
			this.area = new DrainArea(drains);
			return this.area;
		}

	}

}
