package io.github.reliablemessaging.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.MethodMetadata;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Matches while the only {@link SecurityFilterChain} beans are Spring Boot's default ones (form login + HTTP basic
 * for every request, the management variant of it), i.e. the application has not configured web security itself,
 * and no other auto-configured security (an OAuth2 resource server, say) is in charge either. Spring Boot's
 * {@code @ConditionalOnDefaultServletWebSecurity} cannot serve here: it asks for no chain at all, and adding a chain
 * before Boot's default ones would switch those off for the whole application.
 */
class OnlyDefaultWebSecurityCondition extends SpringBootCondition implements ConfigurationCondition {

	/** Where Spring Boot declares its default chains. */
	private static final Set<String> DEFAULT_CHAINS = Set.of(
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration$SecurityFilterChainConfiguration");

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConfigurableListableBeanFactory beans = context.getBeanFactory();
		String[] names = beans.getBeanNamesForType(SecurityFilterChain.class, true, false);
		if (names.length == 0) {
			return ConditionOutcome.noMatch("no SecurityFilterChain: web security is not set up");
		}
		List<String> own = new ArrayList<>();
		for (String name : names) {
			String declaredBy = declaredBy(beans, name);
			if (declaredBy == null || !DEFAULT_CHAINS.contains(declaredBy)) {
				own.add(name + " (" + declaredBy + ")");
			}
		}
		if (!own.isEmpty()) {
			return ConditionOutcome.noMatch("web security is configured by the application or another auto-configuration: "
					+ "SecurityFilterChain " + own);
		}
		return ConditionOutcome.match("only Spring Boot's default SecurityFilterChain " + List.of(names));
	}

	private static String declaredBy(ConfigurableListableBeanFactory beans, String name) {
		if (!beans.containsBeanDefinition(name)) {
			return null;
		}
		BeanDefinition definition = beans.getBeanDefinition(name);
		if (definition instanceof AnnotatedBeanDefinition annotated) {
			MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
			if (factoryMethod != null) {
				return factoryMethod.getDeclaringClassName();
			}
		}
		return definition.getBeanClassName();
	}

}
