package io.github.reliablemessaging.sharding.autoconfigure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.reliablemessaging.ops.endpoint.OperationArea;
import io.github.reliablemessaging.ops.endpoint.OperationRequest;
import io.github.reliablemessaging.ops.kafka.OperationException;
import io.github.reliablemessaging.sharding.ShardedStore;
import io.github.reliablemessaging.sharding.rebalance.Cutover;
import io.github.reliablemessaging.sharding.rebalance.RebalancePlan;
import io.github.reliablemessaging.sharding.rebalance.RebalanceStatus;
import io.github.reliablemessaging.sharding.rebalance.Rebalancer;
import io.github.reliablemessaging.sharding.rebalance.SetCheck;
import org.jspecify.annotations.Nullable;

/**
 * {@code /actuator/reliable/sharding}: the slot map of the sharded store and online rebalancing.
 *
 * <pre>
 * GET  sharding[?exact=true]                 slot map: routing version, slots per set (ranges), ownership, rows
 * GET  sharding/sets                         configured and registered sets, slots per set
 * POST sharding/sets        {"name": "c"}    register a set (reachable, migrated; binlog checked); dryRun: check only
 * POST sharding/plan        {} | {"slots": "17,18", "to": "c"}             dry run: the moves a rebalance would make
 * POST sharding/rebalance   {... as plan, "cutover": "AUTO|MANUAL|SCHEDULED", "cutoverAt": "2026-...Z", "dryRun"}
 * GET  sharding/rebalance                    rebalances, newest first, with per-slot progress
 * GET  sharding/rebalance/{id}               one rebalance
 * POST sharding/rebalance/{id}/pause | resume | abort | cutover
 * </pre>
 *
 * Bad input answers 400 with the reason, an unknown rebalance 404, a state that does not allow the operation 409;
 * nothing is changed then.
 */
public class ShardingArea implements OperationArea {

	private final ShardedStore store;

	private final Supplier<@Nullable Rebalancer> rebalancer;

	/** @param store the store (slot map only, no rebalancing) */
	public ShardingArea(ShardedStore store) {
		this(store, () -> null);
	}

	/**
	 * @param store the store
	 * @param rebalancer the rebalancer, or a supplier of null when rebalancing is off
	 */
	public ShardingArea(ShardedStore store, Supplier<@Nullable Rebalancer> rebalancer) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.rebalancer = Objects.requireNonNull(rebalancer, "rebalancer must not be null");
	}

	@Override
	public String name() {
		return "sharding";
	}

	@Override
	public String description() {
		return "Sharded store: slot map, sets, online rebalancing (GET sharding[?exact=true], GET|POST sharding/sets,"
				+ " POST sharding/plan, GET|POST sharding/rebalance[/{id}[/pause|resume|abort|cutover]])";
	}

	@Override
	public Object read(OperationRequest request) {
		if (request.path().isEmpty()) {
			request.allowOnly("exact");
			return this.store.slotMap(request.bool("exact").orElse(false));
		}
		request.allowOnly();
		return switch (request.path().get(0)) {
			case "sets" -> {
				request.requirePathAtMost(1);
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("configured", this.store.setNames());
				Rebalancer r = this.rebalancer.get();
				try {
					if (r != null) {
						body.put("registered", r.receivingSets());
					}
				}
				catch (java.sql.SQLException ex) {
					throw OperationException.unavailable("the metadata database does not answer: " + ex.getMessage());
				}
				body.put("slots", this.store.routing().sets().stream()
					.collect(java.util.stream.Collectors.toMap((s) -> s, (s) -> this.store.routing().slotsOf(s).size(),
							(x, y) -> x, java.util.TreeMap::new)));
				yield body;
			}
			case "rebalance" -> {
				request.requirePathAtMost(2);
				Rebalancer r = rebalancer();
				if (request.path().size() == 1) {
					yield r.rebalances(20);
				}
				String id = request.path().get(1);
				yield call(() -> r.rebalance(id).orElseThrow(() -> new NoSuchElementException("unknown rebalance '" + id
						+ "'; rebalances: " + r.rebalances(20).stream().map(RebalanceStatus::id).toList())));
			}
			default -> throw OperationException.notFound("no operation at '" + request.describePath()
					+ "'; try GET sharding, sharding/sets or sharding/rebalance");
		};
	}

	@Override
	public Object write(OperationRequest request) {
		String first = request.segment(0)
			.orElseThrow(() -> OperationException.notFound("name an operation: sharding/sets, sharding/plan or sharding/rebalance"));
		Rebalancer r = rebalancer();
		return switch (first) {
			case "sets" -> {
				request.requirePathAtMost(1);
				request.allowOnly("name");
				String name = request.requiredString("name");
				if (request.dryRun()) {
					yield call(() -> r.checkSet(name));
				}
				SetCheck check = call(() -> r.registerSet(name));
				request.audit("sharding:set:" + name, null, "registered (binlog: " + check.binlog() + ")");
				yield check;
			}
			case "plan" -> {
				request.requirePathAtMost(1);
				request.allowOnly("slots", "to");
				yield plan(request, r);
			}
			case "rebalance" -> {
				if (request.path().size() == 1) {
					request.allowOnly("slots", "to", "cutover", "cutoverAt");
					Cutover cutover = cutover(request);
					Instant at = request.instant("cutoverAt").orElse(null);
					RebalancePlan plan = plan(request, r);
					if (request.dryRun()) {
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("dryRun", true);
						body.put("plan", plan);
						yield body;
					}
					RebalanceStatus started = call(() -> r.start(plan, cutover, at));
					request.audit("sharding:rebalance:" + started.id(), null, plan.moves().size() + " moves, cutover " + cutover);
					yield started;
				}
				request.requirePathAtMost(3);
				request.allowOnly();
				String id = request.path().get(1);
				String action = request.segment(2).orElseThrow(() -> OperationException.notFound(
						"name an action: sharding/rebalance/" + id + "/pause, resume, abort or cutover"));
				if (request.dryRun()) {
					throw OperationException.badRequest("'" + action + "' has no dry run");
				}
				RebalanceStatus before = call(() -> r.rebalance(id).orElseThrow(() -> new NoSuchElementException(
						"unknown rebalance '" + id + "'")));
				RebalanceStatus after = switch (action) {
					case "pause" -> call(() -> r.pause(id));
					case "resume" -> call(() -> r.resume(id));
					case "abort" -> call(() -> r.abort(id));
					case "cutover" -> call(() -> r.cutover(id));
					default -> throw OperationException.notFound("unknown action '" + action
							+ "'; actions: pause, resume, abort, cutover");
				};
				request.audit("sharding:rebalance:" + id, before.status(), action + " -> " + after.status());
				yield after;
			}
			default -> throw OperationException.notFound("no operation at '" + request.describePath()
					+ "'; write operations: sharding/sets, sharding/plan, sharding/rebalance");
		};
	}

	private RebalancePlan plan(OperationRequest request, Rebalancer r) {
		List<Integer> slots = new ArrayList<>();
		for (String text : request.strings("slots").orElse(List.of())) {
			try {
				slots.add(Integer.parseInt(text.trim()));
			}
			catch (NumberFormatException ex) {
				throw OperationException.badRequest("'slots' must be slot numbers separated by commas, was '" + text + "'");
			}
		}
		String to = request.string("to").orElse(null);
		return call(() -> r.plan(slots, to));
	}

	private static Cutover cutover(OperationRequest request) {
		String text = request.string("cutover").orElse("AUTO");
		try {
			return Cutover.valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw OperationException.badRequest("'cutover' must be AUTO, MANUAL or SCHEDULED, was '" + text + "'");
		}
	}

	private Rebalancer rebalancer() {
		Rebalancer r = this.rebalancer.get();
		if (r == null) {
			throw OperationException.notFound("rebalancing is off (reliable.sharding.rebalance.enabled=false)");
		}
		return r;
	}

	/** Maps the core's refusals: bad input 400, unknown 404, conflicting state 409. */
	private static <T> T call(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (IllegalArgumentException ex) {
			throw OperationException.badRequest(ex.getMessage());
		}
		catch (NoSuchElementException ex) {
			throw OperationException.notFound(ex.getMessage());
		}
		catch (IllegalStateException ex) {
			throw OperationException.conflict(ex.getMessage());
		}
	}

}
