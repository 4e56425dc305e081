package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.endpoint.AuditArea;
import io.github.reliablemessaging.ops.endpoint.LagArea;
import io.github.reliablemessaging.ops.endpoint.ListenersArea;
import io.github.reliablemessaging.ops.endpoint.OperationAccess;
import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpoint;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpointArgumentsAdvisor;
import io.github.reliablemessaging.ops.endpoint.ReliableEndpointBodyErrorResolver;
import io.github.reliablemessaging.ops.endpoint.ReplayArea;
import io.github.reliablemessaging.ops.endpoint.SwitchesArea;
import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.monitoring.LagMonitor;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The {@code reliable} actuator endpoint ({@code /actuator/reliable/...}) and this starter's operation areas:
 * {@code switches}, {@code listeners}, {@code replay}, {@code lag}, {@code audit} (the canary's area comes with
 * the canary). Areas of other starters are found as {@link OperationArea} beans.
 */
@AutoConfiguration(after = { SwitchBoardAutoConfiguration.class, ListenerOperationsAutoConfiguration.class,
		LagMonitoringAutoConfiguration.class, CanaryAutoConfiguration.class })
@ConditionalOnClass(WebEndpoint.class)
@ConditionalOnBean(SwitchBoard.class)
@ConditionalOnAvailableEndpoint(endpoint = ReliableEndpoint.class)
public final class ReliableEndpointAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ReliableEndpointAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ReliableEndpoint reliableEndpoint(ObjectProvider<OperationArea> areas, ObjectProvider<OperationAccess> access,
			SwitchBoard board, Clock clock) {
		OperationAccess writeAccess = access.getIfAvailable(() -> {
			log.warn("Write operations under /actuator/reliable are open to every caller: Spring Security is not on the "
					+ "classpath (or reliable.security.enabled=false). Secure the management port another way.");
			return OperationAccess.OPEN;
		});
		return new ReliableEndpoint(() -> areas.orderedStream().toList(), writeAccess, board, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	static ReliableEndpointArgumentsAdvisor reliableEndpointArgumentsAdvisor() {
		return new ReliableEndpointArgumentsAdvisor();
	}

	@Bean
	static SmartInitializingSingleton reliableOperationAreasCheck(ObjectProvider<ReliableEndpoint> endpoint) {
		// fail the start-up, not the first call, when two areas share a name
		return () -> endpoint.ifAvailable(ReliableEndpoint::areas);
	}

	@Bean
	@ConditionalOnMissingBean
	SwitchesArea reliableSwitchesArea(SwitchBoard board) {
		return new SwitchesArea(board);
	}

	@Bean
	@ConditionalOnMissingBean
	AuditArea reliableAuditArea(SwitchBoard board) {
		return new AuditArea(board);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ListenerOperations.class)
	ListenersArea reliableListenersArea(ListenerOperations operations, SwitchBoard board) {
		return new ListenersArea(operations, board);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReplayService.class)
	ReplayArea reliableReplayArea(ReplayService replay) {
		return new ReplayArea(replay);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LagMonitor.class)
	LagArea reliableLagArea(LagMonitor monitor) {
		return new LagArea(monitor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ HandlerExceptionResolver.class, HttpServletRequest.class })
	static class ServletBodyErrors {

		@Bean
		@ConditionalOnMissingBean
		ReliableEndpointBodyErrorResolver reliableEndpointBodyErrorResolver(ObjectProvider<PathMappedEndpoints> endpoints,
				SwitchBoard board, Clock clock) {
			return new ReliableEndpointBodyErrorResolver(() -> {
				PathMappedEndpoints mapped = endpoints.getIfAvailable();
				return (mapped != null) ? mapped.getPath(EndpointId.of(ReliableEndpoint.ID)) : null;
			}, board, clock);
		}

	}

}
