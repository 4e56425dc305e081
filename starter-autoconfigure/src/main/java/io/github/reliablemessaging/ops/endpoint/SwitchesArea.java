package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchBoard;

/**
 * {@code /actuator/reliable/switches}: the runtime switches.
 *
 * <pre>
 * GET  switches                 every switch with its value, default and description
 * GET  switches/{name}          one switch
 * POST switches/{name}          {"value": "false", "reason": "incident 42", "dryRun": false}   on every instance
 * </pre>
 */
public class SwitchesArea implements OperationArea {

	private final SwitchBoard board;

	/** @param board the switch board */
	public SwitchesArea(SwitchBoard board) {
		this.board = Objects.requireNonNull(board, "board must not be null");
	}

	@Override
	public String name() {
		return "switches";
	}

	@Override
	public String description() {
		return "Runtime switches: list, read, set on every instance (GET switches[/{name}], POST switches/{name} {value})";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(1);
		if (request.path().isEmpty()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("instance", this.board.instanceId());
			body.put("switches", this.board.list());
			return body;
		}
		return view(request.path().get(0));
	}

	@Override
	public Object write(OperationRequest request) {
		request.requirePathAtMost(1);
		String name = request.segment(0)
			.orElseThrow(() -> OperationException.notFound("name the switch: POST switches/{name}; switches: " + this.board.list().keySet()));
		view(name);
		request.allowOnly("value");
		String value = request.requiredString("value");
		try {
			if (request.dryRun()) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("dryRun", true);
				body.put("name", name);
				body.put("from", this.board.list().get(name).value());
				body.put("to", this.board.validate(name, value));
				body.put("effect", "would be set on every instance of the service and kept across restarts");
				return body;
			}
			Object change = this.board.set(name, value, request.actor(), request.reason().orElse(null));
			request.markAudited();
			return change;
		}
		catch (SwitchBoard.UnknownSwitchException ex) {
			throw OperationException.notFound(ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			throw OperationException.badRequest(ex.getMessage());
		}
		catch (IllegalStateException ex) {
			throw OperationException.unavailable(ex.getMessage());
		}
	}

	private SwitchBoard.SwitchView view(String name) {
		SwitchBoard.SwitchView view = this.board.list().get(name);
		if (view == null) {
			throw OperationException.notFound("unknown switch '" + name + "'; switches: " + this.board.list().keySet());
		}
		return view;
	}

}
