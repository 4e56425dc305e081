package io.github.reliablemessaging.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that injects the {@link SharedInfrastructure shared} servers into test and lifecycle
 * method parameters of type {@link RealKafka}, {@link RealMySql} and {@link RealRedis}.
 *
 * <pre>{@code
 * @ExtendWith(RealInfrastructureExtension.class)
 * class MyListenerTest {
 *     @Test
 *     void consumes(RealKafka kafka, RealMySql mysql) { ... }
 * }
 * }</pre>
 */
public class RealInfrastructureExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == RealKafka.class || type == RealMySql.class || type == RealRedis.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		if (type == RealKafka.class) {
			return SharedInfrastructure.kafka();
		}
		if (type == RealMySql.class) {
			return SharedInfrastructure.mysql();
		}
		return SharedInfrastructure.redis();
	}

}
