package io.github.reliablemessaging.ops.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.ops.switches.SwitchBoard;
import io.github.reliablemessaging.ops.switches.SwitchChange;

/**
 * {@code /actuator/reliable/audit}: the audit log of this instance, newest first: switch changes (made here, on
 * other instances, restored at start-up), operations, refused and failed calls.
 *
 * <pre>
 * GET audit                          the latest 100 entries
 * GET audit?limit=20&amp;name=skip       the latest 20 entries whose name contains "skip"
 * </pre>
 */
public class AuditArea implements OperationArea {

	private static final int DEFAULT_LIMIT = 100;

	private final SwitchBoard board;

	/** @param board the switch board, keeper of the audit log */
	public AuditArea(SwitchBoard board) {
		this.board = Objects.requireNonNull(board, "board must not be null");
	}

	@Override
	public String name() {
		return "audit";
	}

	@Override
	public String description() {
		return "Audit log of this instance, newest first: who changed what, when, why; refusals (GET audit?limit=&name=)";
	}

	@Override
	public Object read(OperationRequest request) {
		request.requirePathAtMost(0);
		request.allowOnly("limit", "name");
		int limit = request.intValue("limit").orElse(DEFAULT_LIMIT);
		if (limit < 1) {
			throw OperationException.badRequest("'limit' must be at least 1, was " + limit);
		}
		String name = request.string("name").map((n) -> n.toLowerCase(Locale.ROOT)).orElse(null);
		List<SwitchChange> entries = new ArrayList<>(this.board.auditLog());
		Collections.reverse(entries);
		return entries.stream()
			.filter((entry) -> name == null || entry.name().toLowerCase(Locale.ROOT).contains(name))
			.limit(limit)
			.toList();
	}

}
