package io.github.reliablemessaging.sharding.rebalance;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.github.reliablemessaging.sharding.ShardingException;
import io.github.reliablemessaging.sharding.rebalance.SlotTable.PrimaryKey;

/**
 * Change capture of one slot on the source set, from a binlog position: collects the primary keys of the slot's rows
 * that changed (inserted, updated, deleted) per table, and notices the freeze marker — the update of the slot's
 * ownership row to {@code FROZEN}.
 *
 * <p>Only keys are kept, not row images: the mover applies a change by re-reading the row by its key on the source
 * and writing what it finds (or deleting it on the target when it is gone). See {@link SlotMover} for why that rule
 * has no gap and no regression.
 *
 * <p>The checkpoint is the position after the last transaction (XID) whose keys were all handed out by
 * {@link #take()}; once those keys are applied, a restart from the checkpoint misses nothing.
 */
final class BinlogCapture implements AutoCloseable {

	private final SetAddress address;

	private final int slot;

	private final Map<String, SlotTable> tables;

	private final String ownerTable;

	private final BinaryLogClient client;

	private final Map<Long, String> tableIds = new HashMap<>();

	private final Object lock = new Object();

	private Map<String, Set<PrimaryKey>> pending = new LinkedHashMap<>();

	private long oldestPendingNanos;

	private String file;

	private long committedPosition;

	private String receivedFile;

	private long receivedPosition;

	private boolean markerInTransaction;

	private boolean markerSeen;

	private volatile Exception failure;

	private long events;

	/**
	 * @param address the source set's server and schema
	 * @param slot the slot being moved
	 * @param tables the sharded tables by (lower case) name
	 * @param ownerTable the ownership table ({@code slot_owner})
	 */
	BinlogCapture(SetAddress address, int slot, Map<String, SlotTable> tables, String ownerTable) {
		this.address = address;
		this.slot = slot;
		this.tables = tables;
		this.ownerTable = ownerTable;
		this.client = new BinaryLogClient(address.host(), address.port(), address.username(), address.password());
		this.client.setServerId(1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000_000));
		this.client.setKeepAlive(false);
		EventDeserializer deserializer = new EventDeserializer();
		deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
				EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG);
		this.client.setEventDeserializer(deserializer);
		this.client.setThreadFactory((r) -> {
			Thread t = new Thread(r, "reliable-sharding-binlog-" + address.set() + "-" + slot);
			t.setDaemon(true);
			return t;
		});
		this.client.registerEventListener(this::onEvent);
		this.client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
			@Override
			public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
				BinlogCapture.this.failure = ex;
			}

			@Override
			public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
				BinlogCapture.this.failure = ex;
			}
		});
	}

	/**
	 * Connects and streams from a position.
	 * @param file binlog file
	 * @param position position in it
	 */
	void start(String file, long position) {
		this.file = file;
		this.committedPosition = position;
		this.receivedFile = file;
		this.receivedPosition = position;
		this.client.setBinlogFilename(file);
		this.client.setBinlogPosition(position);
		try {
			this.client.connect(TimeUnit.SECONDS.toMillis(10));
		}
		catch (IOException | TimeoutException ex) {
			throw new ShardingException("Cannot read the binlog of set '" + this.address.set() + "' at " + file + ":"
					+ position + ": " + ex.getMessage(), ex);
		}
	}

	private void onEvent(Event event) {
		EventType type = event.getHeader().getEventType();
		EventHeaderV4 header = event.getHeader();
		synchronized (this.lock) {
			this.events++;
			if (type == EventType.ROTATE) {
				RotateEventData rotate = event.getData();
				this.file = rotate.getBinlogFilename();
				this.receivedFile = this.file;
				this.receivedPosition = rotate.getBinlogPosition();
				this.committedPosition = rotate.getBinlogPosition();
				return;
			}
			if (header.getNextPosition() > 0) {
				this.receivedPosition = header.getNextPosition();
			}
			switch (type) {
				case TABLE_MAP -> {
					TableMapEventData map = event.getData();
					if (this.address.database().equalsIgnoreCase(map.getDatabase())) {
						this.tableIds.put(map.getTableId(), map.getTable().toLowerCase(java.util.Locale.ROOT));
					}
					else {
						this.tableIds.remove(map.getTableId());
					}
				}
				case WRITE_ROWS, EXT_WRITE_ROWS -> {
					WriteRowsEventData data = event.getData();
					rows(data.getTableId(), data.getRows(), false);
				}
				case DELETE_ROWS, EXT_DELETE_ROWS -> {
					DeleteRowsEventData data = event.getData();
					rows(data.getTableId(), data.getRows(), false);
				}
				case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
					UpdateRowsEventData data = event.getData();
					rows(data.getTableId(), data.getRows().stream().map(Map.Entry::getValue).toList(), true);
				}
				case TRANSACTION_PAYLOAD, PARTIAL_UPDATE_ROWS_EVENT -> {
					// compressed transactions (MySQL binlog_transaction_compression) and partial JSON updates would hide
					// changes from this capture: stop rather than miss them
					this.failure = new IllegalStateException("the binlog holds " + type + " events, which this capture does"
							+ " not read: turn off binlog_transaction_compression / binlog_row_value_options=PARTIAL_JSON");
					this.lock.notifyAll();
				}
				case XID -> {
					this.committedPosition = header.getNextPosition();
					if (this.markerInTransaction) {
						this.markerSeen = true;
						this.markerInTransaction = false;
					}
					this.lock.notifyAll();
				}
				default -> {
				}
			}
		}
	}

	private void rows(long tableId, List<Serializable[]> rows, boolean update) {
		String table = this.tableIds.get(tableId);
		if (table == null) {
			return;
		}
		if (table.equals(this.ownerTable)) {
			for (Serializable[] row : rows) {
				// slot_owner (slot, state, ...): the freeze of this slot is the marker
				if (update && row.length > 1 && row[0] instanceof Number n && n.intValue() == this.slot
						&& "FROZEN".equals(text(row[1]))) {
					this.markerInTransaction = true;
				}
			}
			return;
		}
		SlotTable slotTable = this.tables.get(table);
		if (slotTable == null) {
			return;
		}
		for (Serializable[] row : rows) {
			if (row[slotTable.slotIndex] instanceof Number n && n.intValue() == this.slot) {
				Object[] key = new Object[slotTable.primaryKeyIndexes.length];
				for (int i = 0; i < key.length; i++) {
					key[i] = row[slotTable.primaryKeyIndexes[i]];
				}
				if (this.pending.isEmpty()) {
					this.oldestPendingNanos = System.nanoTime();
				}
				this.pending.computeIfAbsent(table, (t) -> new LinkedHashSet<>()).add(new PrimaryKey(key));
			}
		}
	}

	private static String text(Serializable value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	/**
	 * Hands out the keys collected so far.
	 * @return the keys per table and the checkpoint that is safe once they are applied
	 */
	Batch take() {
		checkHealthy();
		synchronized (this.lock) {
			Map<String, Set<PrimaryKey>> keys = this.pending;
			this.pending = new LinkedHashMap<>();
			long age = keys.isEmpty() ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.oldestPendingNanos);
			return new Batch(keys, this.file, this.committedPosition, age, this.markerSeen);
		}
	}

	/** @return keys waiting to be applied */
	int pendingKeys() {
		synchronized (this.lock) {
			return this.pending.values().stream().mapToInt(Set::size).sum();
		}
	}

	/**
	 * Waits until the capture has read the binlog up to a position (e.g. the source's current one).
	 * @param targetFile binlog file
	 * @param targetPosition position in it
	 * @param timeoutMillis longest wait
	 * @return true when it got there
	 * @throws InterruptedException when interrupted
	 */
	boolean awaitPosition(String targetFile, long targetPosition, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.lock) {
			while (this.receivedFile.compareTo(targetFile) < 0
					|| (this.receivedFile.equals(targetFile) && this.receivedPosition < targetPosition)) {
				checkHealthy();
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return false;
				}
				this.lock.wait(Math.min(left, 50));
			}
			return true;
		}
	}

	/**
	 * Waits for the freeze marker.
	 * @param timeoutMillis longest wait
	 * @return true when it was seen
	 * @throws InterruptedException when interrupted
	 */
	boolean awaitMarker(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.lock) {
			while (!this.markerSeen) {
				checkHealthy();
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return false;
				}
				this.lock.wait(Math.min(left, 20));
			}
			return true;
		}
	}

	/** Forgets a marker seen before (after a freeze that was undone). */
	void resetMarker() {
		synchronized (this.lock) {
			this.markerSeen = false;
			this.markerInTransaction = false;
		}
	}

	/** @return events read so far */
	long events() {
		synchronized (this.lock) {
			return this.events;
		}
	}

	private void checkHealthy() {
		Exception ex = this.failure;
		if (ex != null) {
			throw new ShardingException("Binlog capture of set '" + this.address.set() + "' failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		try {
			this.client.disconnect();
		}
		catch (IOException ex) {
			// closing: nothing to do
		}
	}

	/**
	 * Keys handed out by {@link #take()}.
	 *
	 * @param keys changed primary keys per table
	 * @param file checkpoint file
	 * @param position checkpoint position
	 * @param oldestMillis age of the oldest key, the change lag
	 * @param markerSeen whether the freeze marker was read before this batch was taken
	 */
	record Batch(Map<String, Set<PrimaryKey>> keys, String file, long position, long oldestMillis, boolean markerSeen) {

		int size() {
			return this.keys.values().stream().mapToInt(Set::size).sum();
		}

	}

}
