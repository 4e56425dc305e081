package io.github.reliablemessaging.ops.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.ops.kafka.OperationException;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Backlog drain ("topic transfer") of a listener: when every partition of its topic is backlogged, move the backlog
 * to {@code <topic>.drain} with k times the partitions and consume it with k times the consumers, running the same
 * listener, then switch back without reordering any key.
 *
 * <ol>
 * <li>{@link #start}: creates the drain topic (k x partitions, same replication and topic configs) and writes the
 * drain state ({@link DrainPhase#FORWARDING}) to the control topic. Every instance of the service follows that topic
 * and then stops its listener container, runs a {@link DrainForwarder} in the listener's group (records re-published
 * keyed as before, transactionally with the consumed offsets) and a drain container on the drain topic.</li>
 * <li>Switch-back ({@link #finish}, or automatically once the original topic's lag is below the threshold):
 * {@code STOPPING} stops the forwarders; once the listener's group has no member left, any instance records where
 * forwarding stopped and the drain topic's end ({@code TAIL}); once the drain group has consumed up to that end,
 * {@code DONE}: every instance stops its drain container and starts its listener container again, which continues
 * from where forwarding stopped. No record of a key can overtake an older one: each original partition is owned
 * either by the listener or by a forwarder, and the listener resumes only after everything forwarded is consumed.</li>
 * </ol>
 *
 * State transitions are compare-and-set writes to the {@link DrainStateStore}, so concurrent calls and the
 * coordinators of several instances agree; an instance that starts mid-drain reads the state before its listener
 * containers start and keeps them stopped.
 */
public class DrainService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DrainService.class);

	private static final int RATE_SAMPLES = 10;

	private final ObjectProvider<KafkaListenerEndpointRegistry> registryProvider;

	private final DrainStateStore store;

	private final DrainKafka kafka;

	private final DrainContainers containers;

	private final DrainSettings settings;

	private final Map<String, Object> consumerProperties;

	private final Map<String, Object> producerProperties;

	private final Clock clock;

	private final String instanceId = UUID.randomUUID().toString().substring(0, 8);

	private final Map<String, Local> locals = new ConcurrentHashMap<>();

	private final Map<String, DrainStatus> statuses = new ConcurrentHashMap<>();

	private final List<java.util.function.Consumer<String>> sampleObservers = new java.util.concurrent.CopyOnWriteArrayList<>();

	private KafkaListenerEndpointRegistry registry;

	private ScheduledExecutorService coordinator;

	private volatile boolean running;

	/**
	 * @param registry the endpoint registry, resolved at start
	 * @param store drain states
	 * @param kafka admin look-ups
	 * @param containers makes drain containers
	 * @param settings limits and cadence
	 * @param consumerProperties the application's consumer properties (forwarders)
	 * @param producerProperties the application's producer properties (forwarders)
	 * @param clock time source
	 */
	DrainService(ObjectProvider<KafkaListenerEndpointRegistry> registry, DrainStateStore store, DrainKafka kafka,
			DrainContainers containers, DrainSettings settings, Map<String, Object> consumerProperties,
			Map<String, Object> producerProperties, Clock clock) {
		this.registryProvider = registry;
		this.store = store;
		this.kafka = kafka;
		this.containers = containers;
		this.settings = settings;
		this.consumerProperties = Map.copyOf(consumerProperties);
		this.producerProperties = Map.copyOf(producerProperties);
		this.clock = clock;
	}

	/**
	 * Creates the service.
	 * @param registry the endpoint registry, resolved at start
	 * @param store drain states
	 * @param admin admin client
	 * @param beans where the container factories are
	 * @param settings limits and cadence
	 * @param adminProperties client properties for the probe consumer
	 * @param consumerProperties the application's consumer properties (forwarders)
	 * @param producerProperties the application's producer properties (forwarders)
	 * @param clock time source
	 * @return the service
	 */
	public static DrainService create(ObjectProvider<KafkaListenerEndpointRegistry> registry, DrainStateStore store,
			org.apache.kafka.clients.admin.Admin admin, org.springframework.beans.factory.ListableBeanFactory beans,
			DrainSettings settings, Map<String, Object> adminProperties, Map<String, Object> consumerProperties,
			Map<String, Object> producerProperties, Clock clock) {
		return new DrainService(registry, store, new DrainKafka(admin, adminProperties, settings.timeout()),
				new DrainContainers(beans), settings, consumerProperties, producerProperties, clock);
	}

	/**
	 * Limits and cadence.
	 *
	 * @param maxMultiplier highest k
	 * @param interval cadence of the coordinator (progress samples, switch-back steps)
	 * @param switchBackLag default automatic switch-back threshold (original topic lag); 0: only by a call
	 * @param timeout bound for Kafka calls
	 */
	public record DrainSettings(int maxMultiplier, Duration interval, long switchBackLag, Duration timeout) {

	}

	/** What this instance runs for one drain. */
	private static final class Local {

		DrainForwarder forwarder;

		MessageListenerContainer drainContainer;

		boolean stoppedListener;

		DrainPhase applied;

		final Deque<long[]> samples = new ArrayDeque<>();

	}

	// --- lifecycle ------------------------------------------------------------------------------------------------

	@Override
	public void start() {
		this.registry = this.registryProvider.getObject();
		this.store.start();
		this.coordinator = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "reliable-drain-coordinator");
			thread.setDaemon(true);
			return thread;
		});
		// an instance that starts mid-drain must not let its listener consume the original topic
		for (DrainState state : this.store.all()) {
			MessageListenerContainer container = ownContainer(state);
			if (container != null && state.phase().isActive()) {
				Local local = local(state);
				local.stoppedListener = container.isAutoStartup() || container.isRunning();
				if (container instanceof AbstractMessageListenerContainer<?, ?> amlc) {
					amlc.setAutoStartup(false);
				}
				log.info("Listener {} is being drained ({}): its container stays stopped", state.listenerId(), state.phase());
			}
		}
		this.store.onChange((state) -> this.coordinator.execute(() -> reconcileQuietly(state)));
		this.coordinator.execute(() -> this.store.all().forEach(this::reconcileQuietly));
		long millis = this.settings.interval().toMillis();
		this.coordinator.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.coordinator != null) {
			this.coordinator.shutdownNow();
			try {
				this.coordinator.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (Local local : this.locals.values()) {
			if (local.forwarder != null) {
				local.forwarder.stop();
			}
			if (local.drainContainer != null) {
				local.drainContainer.stop();
			}
		}
		this.store.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// before the listener containers (and ListenerOperations), which must not start while their listener drains
		return AbstractMessageListenerContainer.DEFAULT_PHASE - 20;
	}

	// --- operations -----------------------------------------------------------------------------------------------

	/**
	 * Works out a drain of a listener without changing anything (the broker validates the topic creation).
	 * @param listenerId listener
	 * @param multiplier k
	 * @param concurrency drain consumer threads per instance, or null for k x the listener's
	 * @param switchBackLag automatic switch-back threshold, or null for the default
	 * @return the plan
	 * @throws OperationException 404 unknown listener, 400 bad k or listener shape, 409 drain active or topic refused
	 */
	public DrainPlan plan(String listenerId, int multiplier, Integer concurrency, Long switchBackLag) {
		MessageListenerContainer container = container(listenerId);
		if (multiplier < 2 || multiplier > this.settings.maxMultiplier()) {
			throw OperationException.badRequest("'multiplier' must be between 2 and " + this.settings.maxMultiplier() + ", was "
					+ multiplier);
		}
		if (concurrency != null && (concurrency < 1 || concurrency > 1024)) {
			throw OperationException.badRequest("'concurrency' must be between 1 and 1024, was " + concurrency);
		}
		if (switchBackLag != null && switchBackLag < 0) {
			throw OperationException.badRequest("'switchBackLag' must be 0 (switch back only by a call) or more, was " + switchBackLag);
		}
		String topic = singleTopic(container);
		String group = container.getGroupId();
		Optional<DrainState> existing = this.store.get(group, listenerId);
		if (existing.isPresent() && existing.get().phase().isActive()) {
			DrainState active = existing.get();
			throw OperationException.conflict("a drain of listener " + listenerId + " is already active (" + active.phase()
					+ " since " + active.startedAt() + ", through " + active.drainTopic() + ", x" + active.multiplier()
					+ "); switch back first: POST drain/" + listenerId + "/finish");
		}
		String factory = this.containers.factoryFor(container);
		if (factory == null) {
			throw OperationException.conflict("no container factory bean makes containers like listener " + listenerId + "'s ("
					+ container.getClass().getName() + "): the drain container cannot be made");
		}
		TopicDescription description = this.kafka.describe(topic);
		if (description == null) {
			throw OperationException.conflict("topic " + topic + " of listener " + listenerId + " does not exist");
		}
		int partitions = description.partitions().size();
		int replication = description.partitions().get(0).replicas().size();
		String drainTopic = topic + ".drain";
		int drainPartitions = multiplier * partitions;
		Map<String, String> configs = this.kafka.topicConfigs(topic);
		TopicDescription drain = this.kafka.describe(drainTopic);
		if (drain != null && drain.partitions().size() != drainPartitions) {
			throw OperationException.conflict("topic " + drainTopic + " exists with " + drain.partitions().size() + " partitions, not "
					+ drainPartitions + " (" + multiplier + " x " + partitions + "): delete it, or drain with multiplier "
					+ ((drain.partitions().size() % partitions == 0) ? String.valueOf(drain.partitions().size() / partitions)
							: "(none fits)"));
		}
		if (drain == null) {
			this.kafka.createTopic(drainTopic, drainPartitions, replication, configs, true);
		}
		Map<Integer, Long> end = this.kafka.endOffsets(topic, partitions);
		Map<Integer, Long> committed = this.kafka.committed(group, topic);
		Map<Integer, Long> begin = this.kafka.beginningOffsets(topic, partitions);
		Map<Integer, Long> lag = new TreeMap<>();
		end.forEach((p, e) -> lag.put(p, Math.max(0, e - committed.getOrDefault(p, begin.getOrDefault(p, 0L)))));
		int threads = (concurrency != null) ? concurrency
				: Math.min(drainPartitions, multiplier * DrainContainers.concurrency(container));
		long threshold = (switchBackLag != null) ? switchBackLag : this.settings.switchBackLag();
		String effect = ((drain == null) ? "create topic " + drainTopic + " (" + drainPartitions + " partitions, replication "
				+ replication + ", configs " + configs + ")" : "reuse topic " + drainTopic)
				+ "; on every instance: stop listener " + listenerId + ", forward " + topic + " to " + drainTopic
				+ " in group " + group + " (keyed as before, transactionally), consume " + drainTopic + " in group "
				+ drainGroup(group) + " with " + threads + " consumer threads per instance; switch back "
				+ ((threshold > 0) ? "once the lag of " + topic + " is below " + threshold + " or " : "") + "on POST drain/"
				+ listenerId + "/finish";
		return new DrainPlan(listenerId, topic, partitions, group, lag, KafkaSums.sum(lag), drainTopic, drainPartitions,
				drain != null, replication, configs, drainGroup(group), multiplier, threads, factory, threshold, effect);
	}

	/**
	 * Starts a drain on every instance.
	 * @param plan from {@link #plan}
	 * @param actor who
	 * @return the status right after the start
	 */
	public DrainStatus start(DrainPlan plan, String actor) {
		if (!plan.drainTopicExists()) {
			this.kafka.createTopic(plan.drainTopic(), plan.drainPartitions(), plan.replicationFactor(), plan.configs(), false);
			log.info("Created drain topic {} ({} partitions)", plan.drainTopic(), plan.drainPartitions());
			this.kafka.awaitLeaders(plan.drainTopic());
		}
		Map<Integer, Long> committed = this.kafka.committed(plan.group(), plan.topic());
		Map<Integer, Long> begin = this.kafka.beginningOffsets(plan.topic(), plan.partitions());
		Map<Integer, Long> start = new TreeMap<>();
		begin.forEach((p, b) -> start.put(p, committed.getOrDefault(p, b)));
		Map<Integer, Long> drainStart = new TreeMap<>();
		if (plan.drainTopicExists()) {
			drainStart.putAll(this.kafka.endOffsets(plan.drainTopic(), plan.drainPartitions()));
		}
		else {
			// just created: empty (and its metadata may not have reached every broker yet)
			for (int p = 0; p < plan.drainPartitions(); p++) {
				drainStart.put(p, 0L);
			}
		}
		long version = this.store.get(plan.group(), plan.listenerId()).map(DrainState::version).orElse(0L) + 1;
		DrainState state = new DrainState(plan.listenerId(), plan.group(), plan.topic(), plan.drainTopic(), plan.drainGroup(),
				plan.multiplier(), plan.partitions(), plan.concurrency(), plan.switchBackLag(), DrainPhase.FORWARDING, start,
				drainStart, Map.of(), Map.of(), this.clock.instant(), null, actor, null, version);
		if (!write(state)) {
			throw OperationException.conflict("another drain of listener " + plan.listenerId() + " was started at the same time");
		}
		log.info("Drain of listener {} started by {}: {} -> {} ({} partitions)", plan.listenerId(), actor, plan.topic(),
				plan.drainTopic(), plan.drainPartitions());
		return status(state);
	}

	/**
	 * Asks for the switch-back of a drain (every instance stops forwarding; the listener resumes once the drain topic is
	 * consumed up to what was forwarded).
	 * @param listenerId listener
	 * @param actor who
	 * @param dryRun only say what would happen
	 * @return the status
	 * @throws OperationException 404 unknown listener, 409 no drain forwarding
	 */
	public DrainStatus finish(String listenerId, String actor, boolean dryRun) {
		MessageListenerContainer container = container(listenerId);
		DrainState state = this.store.get(container.getGroupId(), listenerId)
			.filter((s) -> s.phase().isActive())
			.orElseThrow(() -> OperationException.conflict("listener " + listenerId + " is not being drained"));
		if (state.phase() != DrainPhase.FORWARDING) {
			throw OperationException.conflict("the drain of listener " + listenerId + " is already switching back (" + state.phase()
					+ ", asked by " + state.finishRequestedBy() + ")");
		}
		if (dryRun) {
			return status(state);
		}
		if (!write(state.stopping(actor))) {
			throw OperationException.conflict("the drain of listener " + listenerId + " changed meanwhile; read its status");
		}
		return status(this.store.get(state.group(), listenerId).orElse(state));
	}

	/**
	 * @param listenerId listener
	 * @return its drain's progress ({@code NONE} if never drained)
	 */
	public DrainStatus status(String listenerId) {
		MessageListenerContainer container = container(listenerId);
		return this.store.get(container.getGroupId(), listenerId).map(this::status).orElseGet(() -> DrainStatus.none(listenerId));
	}

	/** @return the drains of this application's listeners */
	public List<DrainStatus> statuses() {
		List<DrainStatus> all = new ArrayList<>();
		for (DrainState state : this.store.all()) {
			if (ownContainer(state) != null) {
				all.add(status(state));
			}
		}
		return all;
	}

	/** @return the listener ids of this application */
	public List<String> listenerIds() {
		requireStarted();
		return this.registry.getListenerContainerIds().stream().sorted().toList();
	}

	private DrainStatus status(DrainState state) {
		DrainStatus sampled = this.statuses.get(StoreKey.of(state));
		if (sampled != null && sampled.version() == state.version()) {
			return sampled;
		}
		try {
			return sample(state, local(state));
		}
		catch (RuntimeException ex) {
			return new DrainStatus(state.listenerId(), state.phase().name(), state.topic(), state.drainTopic(), state.multiplier(),
					state.drainPartitions(), 0, 0, 0, 0, 0, null, state.stopOffsets(), state.drainEndOffsets(), state.switchBackLag(),
					state.startedAt(), state.finishedAt(), state.actor(), state.finishRequestedBy(), state.version());
		}
	}

	// --- coordination ---------------------------------------------------------------------------------------------

	private boolean write(DrainState next) {
		try {
			return this.store.compareAndSet(next);
		}
		catch (IllegalStateException ex) {
			throw OperationException.unavailable(ex.getMessage());
		}
	}

	private void tick() {
		for (DrainState state : this.store.all()) {
			if (ownContainer(state) == null) {
				continue;
			}
			try {
				reconcile(state);
				if (state.phase().isActive()) {
					DrainStatus status = sample(state, local(state));
					this.statuses.put(StoreKey.of(state), status);
					this.sampleObservers.forEach((observer) -> observer.accept(state.listenerId()));
					advance(state, status);
				}
				else {
					this.statuses.computeIfAbsent(StoreKey.of(state), (key) -> sample(state, local(state)));
				}
			}
			catch (RuntimeException ex) {
				log.warn("Drain coordinator: listener {} ({}): {}", state.listenerId(), state.phase(), ex.getMessage());
			}
		}
	}

	private void advance(DrainState state, DrainStatus status) {
		switch (state.phase()) {
			case FORWARDING -> {
				if (state.switchBackLag() > 0 && status.originalLag() < state.switchBackLag()) {
					if (write(state.stopping("auto"))) {
						log.info("Drain of {}: lag of {} is {} (< {}): switching back", state.listenerId(), state.topic(),
								status.originalLag(), state.switchBackLag());
					}
				}
			}
			case STOPPING -> {
				if (this.kafka.groupEmpty(state.group())) {
					Map<Integer, Long> stop = this.kafka.committed(state.group(), state.topic());
					Map<Integer, Long> end = this.kafka.endOffsets(state.drainTopic(), state.drainPartitions());
					if (write(state.tail(stop, end))) {
						log.info("Drain of {}: forwarding stopped at {}; drain topic end {}", state.listenerId(), stop, end);
					}
				}
			}
			case TAIL -> {
				if (!this.kafka.groupEmpty(state.group())) {
					return;
				}
				Map<Integer, Long> stop = this.kafka.committed(state.group(), state.topic());
				Map<Integer, Long> end = this.kafka.endOffsets(state.drainTopic(), state.drainPartitions());
				if (!stop.equals(state.stopOffsets()) || !end.equals(state.drainEndOffsets())) {
					// a late forwarder moved on after the offsets were recorded: record them again
					write(state.tail(stop, end));
					return;
				}
				Map<Integer, Long> consumed = this.kafka.committed(state.drainGroup(), state.drainTopic());
				Map<Integer, Long> from = new TreeMap<>(state.drainStartOffsets());
				from.putAll(consumed);
				if (this.kafka.nothingBetween(state.drainTopic(), from, end)) {
					if (write(state.done(this.clock.instant()))) {
						log.info("Drain of {} done: {} consumed up to {}; listener back on {} from {}", state.listenerId(),
								state.drainTopic(), end, state.topic(), stop);
					}
				}
			}
			case DONE -> {
			}
		}
	}

	private void reconcileQuietly(DrainState state) {
		try {
			reconcile(state);
		}
		catch (RuntimeException ex) {
			log.warn("Drain of {} ({}): could not apply the state here: {}", state.listenerId(), state.phase(), ex.toString(), ex);
		}
	}

	/** Brings this instance in line with the state; idempotent, on the coordinator thread. */
	private void reconcile(DrainState state) {
		MessageListenerContainer container = ownContainer(state);
		if (container == null || !this.running && this.coordinator == null) {
			return;
		}
		DrainState latest = this.store.get(state.group(), state.listenerId()).orElse(state);
		Local local = local(latest);
		if (local.applied == latest.phase()) {
			return;
		}
		switch (latest.phase()) {
			case FORWARDING -> {
				stopListener(container, local);
				// the forwarder first: it fills the drain topic while the k x consumers of the drain container come up
				if (local.forwarder == null) {
					local.forwarder = new DrainForwarder(latest, this.consumerProperties, this.producerProperties,
							"reliable-drain-" + latest.group() + "-" + latest.listenerId() + "-" + this.instanceId,
							() -> this.store.get(latest.group(), latest.listenerId())
								.map((s) -> s.phase() == DrainPhase.FORWARDING && s.startedAt().equals(latest.startedAt()))
								.orElse(false));
					local.forwarder.start();
				}
				startDrainContainer(container, latest, local);
			}
			case STOPPING, TAIL -> {
				stopForwarder(local);
				stopListener(container, local);
				startDrainContainer(container, latest, local);
			}
			case DONE -> {
				stopForwarder(local);
				if (local.drainContainer != null) {
					local.drainContainer.stop();
					local.drainContainer = null;
				}
				if (local.stoppedListener) {
					if (container instanceof AbstractMessageListenerContainer<?, ?> amlc) {
						amlc.setAutoStartup(true);
					}
					container.start();
					local.stoppedListener = false;
					log.info("Listener {} consumes {} again", latest.listenerId(), latest.topic());
				}
			}
		}
		local.applied = latest.phase();
	}

	private void stopListener(MessageListenerContainer container, Local local) {
		if (container.isRunning()) {
			local.stoppedListener = true;
			container.stop();
		}
	}

	private void startDrainContainer(MessageListenerContainer original, DrainState state, Local local) {
		if (local.drainContainer == null) {
			String factory = this.containers.factoryFor(original);
			if (factory == null) {
				throw new IllegalStateException("no container factory makes containers like " + original.getClass().getName());
			}
			local.drainContainer = this.containers.create(original, state, factory);
		}
		if (!local.drainContainer.isRunning()) {
			local.drainContainer.start();
		}
	}

	private static void stopForwarder(Local local) {
		if (local.forwarder != null) {
			local.forwarder.stop();
			local.forwarder = null;
		}
	}

	private DrainStatus sample(DrainState state, Local local) {
		Map<Integer, Long> committed = this.kafka.committed(state.group(), state.topic());
		Map<Integer, Long> end = this.kafka.endOffsets(state.topic(), state.partitions());
		Map<Integer, Long> drainCommitted = this.kafka.committed(state.drainGroup(), state.drainTopic());
		long forwarded = 0;
		long originalLag = 0;
		for (Map.Entry<Integer, Long> e : end.entrySet()) {
			long start = state.startOffsets().getOrDefault(e.getKey(), 0L);
			long at = committed.getOrDefault(e.getKey(), start);
			if (!state.stopOffsets().isEmpty()) {
				forwarded += Math.max(0, state.stopOffsets().getOrDefault(e.getKey(), start) - start);
			}
			else {
				forwarded += Math.max(0, at - start);
			}
			originalLag += Math.max(0, e.getValue() - at);
		}
		long drained = 0;
		for (int p = 0; p < state.drainPartitions(); p++) {
			long start = state.drainStartOffsets().getOrDefault(p, 0L);
			drained += Math.max(0, drainCommitted.getOrDefault(p, start) - start);
		}
		drained = Math.min(drained, forwarded);
		long remaining;
		if (state.phase() == DrainPhase.DONE) {
			drained = forwarded;
			remaining = 0;
		}
		else {
			remaining = Math.max(0, forwarded - drained) + ((state.phase() == DrainPhase.FORWARDING) ? originalLag : 0);
		}
		long now = System.nanoTime();
		double rate = 0;
		synchronized (local.samples) {
			local.samples.addLast(new long[] { now, drained });
			while (local.samples.size() > RATE_SAMPLES) {
				local.samples.removeFirst();
			}
			long[] first = local.samples.peekFirst();
			if (first != null && now > first[0]) {
				rate = (drained - first[1]) * 1e9 / (now - first[0]);
			}
		}
		Long eta = (rate > 0) ? (long) Math.ceil(remaining / rate) : null;
		return new DrainStatus(state.listenerId(), state.phase().name(), state.topic(), state.drainTopic(), state.multiplier(),
				state.drainPartitions(), forwarded, drained, remaining, originalLag, Math.round(rate * 10) / 10.0, eta,
				state.stopOffsets(), state.drainEndOffsets(), state.switchBackLag(), state.startedAt(), state.finishedAt(),
				state.actor(), state.finishRequestedBy(), state.version());
	}

	/** @param observer told the listener id after each progress sample of an active drain (meters) */
	void onSampled(java.util.function.Consumer<String> observer) {
		this.sampleObservers.add(observer);
	}

	/**
	 * @param listenerId listener
	 * @return the last sampled status (for meters), or null
	 */
	DrainStatus lastSampled(String listenerId) {
		for (Map.Entry<String, DrainStatus> e : this.statuses.entrySet()) {
			if (e.getValue().listenerId().equals(listenerId)) {
				return e.getValue();
			}
		}
		return null;
	}

	// --- helpers --------------------------------------------------------------------------------------------------

	private Local local(DrainState state) {
		return this.locals.computeIfAbsent(StoreKey.of(state), (key) -> new Local());
	}

	private MessageListenerContainer ownContainer(DrainState state) {
		if (this.registry == null) {
			return null;
		}
		MessageListenerContainer container = this.registry.getListenerContainer(state.listenerId());
		return (container != null && Objects.equals(container.getGroupId(), state.group())) ? container : null;
	}

	private MessageListenerContainer container(String listenerId) {
		requireStarted();
		MessageListenerContainer container = this.registry.getListenerContainer(listenerId);
		if (container == null) {
			throw OperationException.notFound("unknown listener '" + listenerId + "'; listeners: " + listenerIds());
		}
		return container;
	}

	private static String singleTopic(MessageListenerContainer container) {
		String[] topics = container.getContainerProperties().getTopics();
		if (topics == null || topics.length != 1) {
			throw OperationException.badRequest("listener " + container.getListenerId() + " must consume exactly one topic by name "
					+ "to be drained; it consumes "
					+ ((topics != null) ? List.of(topics).toString()
							: (container.getContainerProperties().getTopicPattern() != null)
									? "the pattern " + container.getContainerProperties().getTopicPattern()
									: "assigned partitions"));
		}
		return topics[0];
	}

	static String drainGroup(String group) {
		return group + ".drain";
	}

	private void requireStarted() {
		if (this.registry == null) {
			throw OperationException.unavailable("the drain service has not started yet");
		}
	}

	/** Key of a drain in the local maps. */
	private static final class StoreKey {

		static String of(DrainState state) {
			return DrainStateStore.key(state.group(), state.listenerId());
		}

	}

	/** Sums of offset maps. */
	private static final class KafkaSums {

		static long sum(Map<Integer, Long> values) {
			return DrainKafka.sum(values.values());
		}

	}

	/** @return the description of the whole drain list, for the endpoint index */
	Map<String, Object> describe() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("drains", statuses());
		return body;
	}

	/** @return the time of the clock */
	Instant now() {
		return this.clock.instant();
	}

}
