package io.github.reliablemessaging.testsupport.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reliablemessaging.testsupport.RealKafka;
import io.github.reliablemessaging.testsupport.RealMySql;
import io.github.reliablemessaging.testsupport.RealRedis;
import io.github.reliablemessaging.testsupport.SharedInfrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Turns {@link RealInfrastructure} into a highest-precedence property source. */
class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
		RealInfrastructure annotation = AnnotatedElementUtils.findMergedAnnotation(testClass, RealInfrastructure.class);
		return (annotation != null) ? new Customizer(annotation.kafka(), annotation.mysql(), annotation.redis(),
				annotation.database()) : null;
	}

	private record Customizer(boolean kafka, boolean mysql, boolean redis, String database) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> props = new LinkedHashMap<>();
			if (this.kafka) {
				RealKafka kafka = SharedInfrastructure.kafka();
				props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
			}
			if (this.mysql) {
				RealMySql mysql = SharedInfrastructure.mysql();
				mysql.createDatabase(this.database);
				props.put("spring.datasource.url", mysql.jdbcUrl(this.database));
				props.put("spring.datasource.username", mysql.username());
				props.put("spring.datasource.password", mysql.password());
			}
			if (this.redis) {
				RealRedis redis = SharedInfrastructure.redis();
				props.put("spring.data.redis.host", redis.host());
				props.put("spring.data.redis.port", redis.port());
			}
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("realInfrastructure", props));
		}

	}

}
