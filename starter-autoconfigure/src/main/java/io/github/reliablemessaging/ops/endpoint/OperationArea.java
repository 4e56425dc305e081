package io.github.reliablemessaging.ops.endpoint;

import io.github.reliablemessaging.ops.kafka.OperationException;

/**
 * A group of operations under {@code /actuator/reliable/<name>/...} of the {@code reliable} actuator endpoint.
 * Declare one as a bean and the endpoint serves it: no controller, no security or audit code of your own.
 *
 * <ul>
 * <li>{@code GET /actuator/reliable/<name>/<path...>} calls {@link #read}; reads need an authenticated caller
 * when Spring Security is on the classpath.</li>
 * <li>{@code POST /actuator/reliable/<name>/<path...>} with a JSON object body calls {@link #write};
 * {@code DELETE} calls {@link #delete}. The endpoint lets these through only to callers with the admin role
 * ({@code reliable.security.admin-role}), and audits every outcome: a change the area records with
 * {@link OperationRequest#audit}, or else a generic entry; every refusal with its reason.</li>
 * <li>Return the response body (records, maps, lists: serialised as JSON, status 200). Refuse with an
 * {@link OperationException}: {@code badRequest} (400) for bad input, {@code notFound} (404) for an unknown target
 * (name what exists), {@code conflict} (409), {@code unavailable} (503). Change nothing before refusing. Any
 * other exception answers 500 with its message and no stack trace, and is logged.</li>
 * <li>Honour {@link OperationRequest#dryRun()}: say exactly what would happen, change nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * @Bean
 * OperationArea drainArea(DrainService drains) {
 *     return new OperationArea() {
 *         public String name() { return "drain"; }
 *         public String description() { return "Backlog drain through a k-times wider topic"; }
 *         public Object read(OperationRequest request) {                  // GET  /actuator/reliable/drain[/{listenerId}]
 *             request.requirePathAtMost(1);
 *             return request.segment(0).map(drains::status).orElseGet(drains::all);
 *         }
 *         public Object write(OperationRequest request) {                 // POST /actuator/reliable/drain/{listenerId}
 *             request.requirePathAtMost(1);
 *             request.allowOnly("multiplier");
 *             String id = request.segment(0).orElseThrow(() -> OperationException.notFound("name a listener: drain/{listenerId}"));
 *             int k = request.requiredInt("multiplier", 2, 100);
 *             DrainPlan plan = drains.plan(id, k);                          // throws OperationException for bad input
 *             if (request.dryRun()) {
 *                 return plan;
 *             }
 *             DrainStatus started = drains.start(plan);
 *             request.audit("drain:" + id, "consuming " + plan.topic(), "draining through " + plan.drainTopic());
 *             return started;
 *         }
 *     };
 * }
 * }</pre>
 *
 * A refused call is audited with its fields; the values of fields whose name contains {@code password},
 * {@code secret}, {@code token} or {@code credential} are masked there.
 *
 * <p>Names are unique: two areas with one name fail the start-up. Names of this starter: {@code switches},
 * {@code listeners}, {@code replay}, {@code lag}, {@code audit}, {@code canary}.
 */
public interface OperationArea {

	/**
	 * @return the first path segment under {@code /actuator/reliable/}: lower case letters, digits and {@code -}
	 */
	String name();

	/** @return one line for the index at {@code GET /actuator/reliable} */
	String description();

	/**
	 * Answers a {@code GET}; must not change anything.
	 * @param request the call
	 * @return the response body
	 * @throws OperationException to refuse with a status and a reason
	 */
	Object read(OperationRequest request);

	/**
	 * Answers a {@code POST}. By default the area has no write operations (405).
	 * @param request the call, with the JSON body's fields
	 * @return the response body
	 * @throws OperationException to refuse with a status and a reason
	 */
	default Object write(OperationRequest request) {
		throw new OperationException(405, "area '" + name() + "' has no write operations");
	}

	/**
	 * Answers a {@code DELETE}. By default the area has no delete operations (405).
	 * @param request the call
	 * @return the response body
	 * @throws OperationException to refuse with a status and a reason
	 */
	default Object delete(OperationRequest request) {
		throw new OperationException(405, "area '" + name() + "' has no delete operations");
	}

}
