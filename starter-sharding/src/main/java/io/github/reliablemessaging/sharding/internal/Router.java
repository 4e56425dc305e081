package io.github.reliablemessaging.sharding.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sharding.RoutingTable;
import io.github.reliablemessaging.sharding.ShardingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached routing of one store: replaced when a cheap poll of the routing version sees a change, or at once
 * after a fencing refusal.
 */
public final class Router implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Router.class);

	private final Metadata metadata;

	private final int slots;

	private final Object refreshLock = new Object();

	private volatile RoutingTable table;

	private ScheduledExecutorService poller;

	/**
	 * @param metadata the metadata database
	 * @param slots slot count
	 * @param initial the routing read at start-up
	 */
	public Router(Metadata metadata, int slots, RoutingTable initial) {
		this.metadata = metadata;
		this.slots = slots;
		this.table = initial;
	}

	/** @return the cached routing */
	public RoutingTable table() {
		return this.table;
	}

	/**
	 * Reloads the routing if its version moved past the cached one.
	 * @return the routing in force afterwards
	 */
	public RoutingTable refresh() {
		synchronized (this.refreshLock) {
			try {
				long version = this.metadata.version();
				if (version != this.table.version()) {
					RoutingTable fresh = this.metadata.routing(this.slots);
					if (fresh.version() > this.table.version()) {
						log.info("Routing version {} -> {}", this.table.version(), fresh.version());
						this.table = fresh;
					}
				}
				return this.table;
			}
			catch (SQLException ex) {
				throw new ShardingException("Could not read the routing from the metadata database: " + ex.getMessage(), ex);
			}
		}
	}

	/** @param interval how often to poll the routing version */
	public void startPolling(Duration interval) {
		this.poller = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "reliable-sharding-routing-poll");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.poller.scheduleWithFixedDelay(() -> {
			try {
				refresh();
			}
			catch (RuntimeException ex) {
				log.warn("Routing poll failed, keeping version {}: {}", this.table.version(), ex.getMessage());
			}
		}, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		if (this.poller != null) {
			this.poller.shutdownNow();
		}
	}

}
