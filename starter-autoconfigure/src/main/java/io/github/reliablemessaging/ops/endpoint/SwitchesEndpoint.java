package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/reliableswitches}: the runtime switches and their audit log.
 *
 * <pre>
 * GET  /actuator/reliableswitches
 * GET  /actuator/reliableswitches/{name}
 * POST /actuator/reliableswitches/{name}   {"value": "false", "reason": "incident 42", "dryRun": false}
 * </pre>
 */
@Endpoint(id = "reliableswitches")
public class SwitchesEndpoint {

	private final SwitchBoard board;

	/** @param board the switch board */
	public SwitchesEndpoint(SwitchBoard board) {
		this.board = board;
	}

	/** @return all switches and the audit log */
	@ReadOperation
	public Map<String, Object> switches() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("instance", this.board.instanceId());
		body.put("switches", this.board.list());
		body.put("audit", this.board.auditLog());
		return body;
	}

	/**
	 * @param name switch name
	 * @return the switch, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> switchValue(@Selector String name) {
		SwitchBoard.SwitchView view = this.board.list().get(name);
		return (view != null) ? Responses.ok(view) : Responses.error(404, "unknown switch '" + name + "'; known switches: " + this.board.list().keySet());
	}

	/**
	 * Sets a switch on every instance.
	 * @param name switch name
	 * @param value new value as text
	 * @param reason why (recorded in the audit log)
	 * @param dryRun only validate and say what would change
	 * @param security caller
	 * @return the audited change, or 400/404/503 with the reason
	 */
	@WriteOperation
	public WebEndpointResponse<Object> set(@Selector String name, @Nullable String value, @Nullable String reason,
			@Nullable Boolean dryRun, SecurityContext security) {
		try {
			if (value == null) {
				throw new IllegalArgumentException("missing 'value'");
			}
			if (Boolean.TRUE.equals(dryRun)) {
				String parsed = this.board.validate(name, value);
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("dryRun", true);
				body.put("name", name);
				body.put("from", this.board.list().get(name).value());
				body.put("to", parsed);
				body.put("effect", "would be set on every instance of the service and kept across restarts");
				return Responses.ok(body);
			}
			SwitchChange change = this.board.set(name, value, Responses.actor(security), reason);
			return Responses.ok(change);
		}
		catch (SwitchBoard.UnknownSwitchException ex) {
			return Responses.error(404, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return Responses.error(400, ex.getMessage());
		}
		catch (IllegalStateException ex) {
			return Responses.error(503, ex.getMessage());
		}
	}

}
