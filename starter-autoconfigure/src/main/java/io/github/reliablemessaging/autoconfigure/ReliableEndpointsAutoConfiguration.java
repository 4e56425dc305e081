package io.github.reliablemessaging.autoconfigure;

import java.time.Clock;

import io.github.reliablemessaging.ops.endpoint.ListenersEndpoint;
import io.github.reliablemessaging.ops.endpoint.ReplayEndpoint;
import io.github.reliablemessaging.ops.endpoint.SwitchesEndpoint;
import io.github.reliablemessaging.ops.replay.ReplayService;
import io.github.reliablemessaging.ops.kafka.ListenerOperations;
import io.github.reliablemessaging.ops.switches.SwitchBoard;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Actuator endpoints {@code reliableswitches}, {@code reliablelisteners} and {@code reliablereplay}. */
@AutoConfiguration(after = { SwitchBoardAutoConfiguration.class, ListenerOperationsAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
public final class ReliableEndpointsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SwitchBoard.class)
	@ConditionalOnAvailableEndpoint
	SwitchesEndpoint reliableSwitchesEndpoint(SwitchBoard board) {
		return new SwitchesEndpoint(board);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReplayService.class)
	@ConditionalOnAvailableEndpoint
	ReplayEndpoint reliableReplayEndpoint(ReplayService replay, SwitchBoard board, Clock clock) {
		return new ReplayEndpoint(replay, board, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ListenerOperations.class)
	@ConditionalOnAvailableEndpoint
	ListenersEndpoint reliableListenersEndpoint(ListenerOperations operations, SwitchBoard board, Clock clock) {
		return new ListenersEndpoint(operations, board, clock);
	}

}
