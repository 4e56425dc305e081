package io.github.reliablemessaging.ops.switches;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named, typed runtime switches (emergency toggles): multithreading on/off, worker concurrency, a paused listener,
 * the idempotency Redis layer... Features {@link #define define} their switches and {@link #onChange subscribe} to
 * them; operators {@link #set set} them. Every change is validated, audited and handed to a
 * {@link SwitchPropagator} so that it reaches every instance and survives restarts.
 *
 * <p>Thread-safe. Changes to one switch are applied in the order they are accepted.
 */
public class SwitchBoard {

	private static final Logger log = LoggerFactory.getLogger(SwitchBoard.class);

	private final Map<String, SwitchDefinition> definitions = new ConcurrentHashMap<>();

	private final Map<String, Object> values = new ConcurrentHashMap<>();

	/** Values received (from configuration or other instances) for switches not defined yet. */
	private final Map<String, SwitchChange> pending = new ConcurrentHashMap<>();

	private final Map<String, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

	private final Deque<SwitchChange> audit = new ArrayDeque<>();

	private final int auditCapacity;

	private final String instanceId;

	private final Clock clock;

	private volatile SwitchPropagator propagator = SwitchPropagator.LOCAL_ONLY;

	/**
	 * @param instanceId identifies this instance in audit entries
	 * @param auditCapacity how many audit entries are kept in memory
	 * @param clock time source
	 */
	public SwitchBoard(String instanceId, int auditCapacity, Clock clock) {
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId must not be null");
		this.auditCapacity = auditCapacity;
		this.clock = clock;
	}

	/** @param propagator where accepted changes go */
	public void setPropagator(SwitchPropagator propagator) {
		this.propagator = Objects.requireNonNull(propagator, "propagator must not be null");
	}

	/** @return the id of this instance */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Defines a switch. A value set earlier for that name (configuration, another instance, the control topic) is
	 * applied now if it is valid.
	 * @param definition the switch
	 * @throws IllegalStateException if a switch of that name is defined with another type
	 */
	public synchronized void define(SwitchDefinition definition) {
		SwitchDefinition existing = this.definitions.putIfAbsent(definition.name(), definition);
		if (existing != null) {
			if (existing.type() != definition.type()) {
				throw new IllegalStateException("switch " + definition.name() + " is already defined as " + existing.type());
			}
			return;
		}
		this.values.put(definition.name(), definition.defaultValue());
		SwitchChange early = this.pending.remove(definition.name());
		if (early != null) {
			try {
				apply(definition, definition.parse(early.newValue()), early);
			}
			catch (IllegalArgumentException ex) {
				log.warn("Ignoring value '{}' of switch {} from {}: {}", early.newValue(), definition.name(), early.source(),
						ex.getMessage());
			}
		}
	}

	/**
	 * Seeds a switch from configuration ({@code reliable.switches.<name>}); applies now or when it is defined.
	 * @param name switch name
	 * @param text value as text
	 */
	public synchronized void seed(String name, String text) {
		SwitchChange change = new SwitchChange(name, null, text, "configuration", "application configuration",
				this.clock.instant(), this.instanceId, "configuration");
		SwitchDefinition definition = this.definitions.get(name);
		if (definition == null) {
			this.pending.put(name, change);
		}
		else {
			apply(definition, definition.parse(text), change);
		}
	}

	/**
	 * Calls {@code listener} with the current value and then with every new value of the switch.
	 * @param name switch name
	 * @param listener called on the thread that applies the change
	 */
	public void onChange(String name, Consumer<Object> listener) {
		this.subscribers.computeIfAbsent(name, (n) -> new CopyOnWriteArrayList<>()).add(listener);
		Object current = this.values.get(name);
		if (current != null) {
			listener.accept(current);
		}
	}

	/**
	 * Validates, propagates and applies an operator's change.
	 * @param name switch name
	 * @param text new value as text
	 * @param actor who
	 * @param reason why (may be null)
	 * @return the audited change
	 * @throws UnknownSwitchException for an undefined switch
	 * @throws IllegalArgumentException for an invalid value (nothing changes)
	 * @throws IllegalStateException when the change could not be propagated (nothing changes)
	 */
	public synchronized SwitchChange set(String name, String text, String actor, String reason) {
		SwitchDefinition definition = definition(name).orElseThrow(() -> new UnknownSwitchException(name, names()));
		Object value = definition.parse(text);
		SwitchChange change = new SwitchChange(name, definition.format(this.values.get(name)), definition.format(value),
				(actor != null) ? actor : "anonymous", reason, this.clock.instant(), this.instanceId, "local");
		this.propagator.publish(change);
		apply(definition, value, change);
		return change;
	}

	/**
	 * Checks a value without setting it (dry run).
	 * @param name switch name
	 * @param text value as text
	 * @return the value as it would be stored, as text
	 * @throws UnknownSwitchException for an undefined switch
	 * @throws IllegalArgumentException for an invalid value
	 */
	public String validate(String name, String text) {
		SwitchDefinition definition = definition(name).orElseThrow(() -> new UnknownSwitchException(name, names()));
		return definition.format(definition.parse(text));
	}

	/**
	 * Applies a change made on another instance (or replayed at start-up); invalid values are logged and ignored.
	 * @param change the change as published by its origin
	 * @param source {@code propagated} or {@code restored}
	 */
	public synchronized void receive(SwitchChange change, String source) {
		SwitchChange received = new SwitchChange(change.name(), change.oldValue(), change.newValue(), change.actor(),
				change.reason(), change.at(), change.origin(), source);
		SwitchDefinition definition = this.definitions.get(change.name());
		if (definition == null) {
			this.pending.put(change.name(), received);
			return;
		}
		try {
			apply(definition, definition.parse(change.newValue()), received);
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignoring {} change of switch {} to '{}': {}", source, change.name(), change.newValue(), ex.getMessage());
		}
	}

	private void apply(SwitchDefinition definition, Object value, SwitchChange change) {
		Object old = this.values.put(definition.name(), value);
		recordAudit(change);
		if (!value.equals(old)) {
			for (Consumer<Object> listener : this.subscribers.getOrDefault(definition.name(), List.of())) {
				try {
					listener.accept(value);
				}
				catch (RuntimeException ex) {
					log.error("Listener of switch {} failed on value {}", definition.name(), value, ex);
				}
			}
		}
	}

	/**
	 * Records an operation other than a switch change (a seek, a partition pause, a refused request) in the audit
	 * log, in the same shape: the target as {@code name}, before and after as old and new value.
	 * @param entry the entry
	 */
	public void audit(SwitchChange entry) {
		recordAudit(entry);
	}

	private void recordAudit(SwitchChange change) {
		log.info("Switch {}: {} -> {} by {} ({}) from {} [{}]", change.name(), change.oldValue(), change.newValue(),
				change.actor(), change.reason(), change.origin(), change.source());
		synchronized (this.audit) {
			this.audit.addLast(change);
			while (this.audit.size() > this.auditCapacity) {
				this.audit.removeFirst();
			}
		}
	}

	/**
	 * @param name switch name
	 * @return the current value, typed
	 */
	public Optional<Object> value(String name) {
		return Optional.ofNullable(this.values.get(name));
	}

	/**
	 * @param name switch name
	 * @return the definition, if any
	 */
	public Optional<SwitchDefinition> definition(String name) {
		return Optional.ofNullable(this.definitions.get(name));
	}

	/** @return all switches with their current values, sorted by name */
	public Map<String, SwitchView> list() {
		Map<String, SwitchView> result = new TreeMap<>();
		this.definitions.values().forEach((d) -> result.put(d.name(), new SwitchView(d.name(), d.type().name().toLowerCase(),
				d.format(this.values.get(d.name())), d.format(d.defaultValue()), d.description())));
		return result;
	}

	/** @return audit entries, oldest first */
	public List<SwitchChange> auditLog() {
		synchronized (this.audit) {
			return new ArrayList<>(this.audit);
		}
	}

	private Collection<String> names() {
		return new TreeMap<>(this.definitions).keySet();
	}

	/**
	 * What an operator sees of a switch.
	 *
	 * @param name switch name
	 * @param type value type
	 * @param value current value
	 * @param defaultValue default value
	 * @param description one line
	 */
	public record SwitchView(String name, String type, String value, String defaultValue, String description) {

	}

	/** Thrown for a switch name nobody defined. */
	public static class UnknownSwitchException extends IllegalArgumentException {

		UnknownSwitchException(String name, Collection<String> known) {
			super("unknown switch '" + name + "'; known switches: " + known);
		}

	}

}
