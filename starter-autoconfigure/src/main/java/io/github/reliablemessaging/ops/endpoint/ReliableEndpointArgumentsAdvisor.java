package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Hands the operations of the {@link ReliableEndpoint} all body fields and query parameters of a call as
 * {@link ReliableEndpoint.Arguments}. Actuator maps a JSON body to the parameters an operation method names; the
 * fields of an {@link OperationArea} are not known to the endpoint, so this advisor (actuator's own extension
 * point for operation invokers) adds an argument resolver for the whole set. Other endpoints are left alone.
 *
 * <p>A body field or query parameter named {@code path} would replace the URL's path segments in actuator's
 * arguments (and so route the call to another area): the call is then handed over with the refusal, which the
 * endpoint answers with a 400.
 */
public class ReliableEndpointArgumentsAdvisor implements OperationInvokerAdvisor {

	private static final EndpointId ENDPOINT = EndpointId.of(ReliableEndpoint.ID);

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!ENDPOINT.equals(endpointId)
				|| parameters.stream().noneMatch((parameter) -> parameter.getType() == ReliableEndpoint.Arguments.class)) {
			return invoker;
		}
		return (context) -> {
			Map<String, Object> fields = new LinkedHashMap<>(context.getArguments());
			Object path = fields.remove(ReliableEndpoint.PATH);
			String refusal = null;
			if (path != null && !(path instanceof String[])) {
				// the URL's segments are lost: the endpoint refuses the call (and audits the refusal)
				refusal = "'" + ReliableEndpoint.PATH + "' is reserved for the URL path and cannot be sent as a field or query parameter";
				context.getArguments().put(ReliableEndpoint.PATH, new String[0]);
			}
			return invoker.invoke(withArguments(context, new ReliableEndpoint.Arguments(fields, refusal)));
		};
	}

	private static InvocationContext withArguments(InvocationContext context, ReliableEndpoint.Arguments arguments) {
		SecurityContext security = context.resolveArgument(SecurityContext.class);
		OperationArgumentResolver original = new OperationArgumentResolver() {

			@Override
			public boolean canResolve(Class<?> type) {
				return context.canResolve(type);
			}

			@Override
			public <T> T resolve(Class<T> type) {
				return context.resolveArgument(type);
			}

		};
		return new InvocationContext((security != null) ? security : SecurityContext.NONE, context.getArguments(),
				OperationArgumentResolver.of(ReliableEndpoint.Arguments.class, () -> arguments), original);
	}

}
