package io.github.reliablemessaging.sharding.autoconfigure;

import java.time.Duration;

import io.github.reliablemessaging.sharding.rebalance.RebalanceSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Online rebalancing of the sharded store ({@code reliable.sharding.rebalance.*}). */
@ConfigurationProperties("reliable.sharding.rebalance")
public class RebalanceProperties {

	/** Whether this instance offers rebalancing (the operations and a worker that runs moves). */
	private boolean enabled = true;

	/** Whether this instance runs moves; one worker across all instances holds the lock at a time. */
	private boolean worker = true;

	/** Rows per copy chunk and per checksum chunk. */
	private int chunkRows = 1000;

	/** Freeze a slot only when at most this many captured changes wait to be applied. */
	private int freezeMaxPendingKeys = 100;

	/** ... and the oldest of them is younger than this. */
	private Duration freezeMaxLag = Duration.ofMillis(50);

	/** Longest wait for the freeze marker to come through the binlog; the freeze is undone after it. */
	private Duration markerTimeout = Duration.ofSeconds(2);

	/** Freezes undone (late marker, checksum different) before a move is aborted. */
	private int freezeAttempts = 5;

	/** Rows per delete when the source's copy of a moved slot is cleaned up. */
	private int cleanupBatchRows = 500;

	/** Pause between two cleanup deletes. */
	private Duration cleanupPause = Duration.ofMillis(10);

	/** Largest slot a freeze-copy move (source without a readable binlog) takes; its writers wait for the whole copy. */
	private long freezeCopyMaxRows = 20_000;

	/** How often the worker looks for work. */
	private Duration idlePoll = Duration.ofMillis(500);

	/** @return the settings of the core */
	public RebalanceSettings toSettings() {
		return new RebalanceSettings(this.chunkRows, this.freezeMaxPendingKeys, this.freezeMaxLag, this.markerTimeout,
				this.freezeAttempts, this.cleanupBatchRows, this.cleanupPause, this.freezeCopyMaxRows, this.idlePoll);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isWorker() {
		return this.worker;
	}

	public void setWorker(boolean worker) {
		this.worker = worker;
	}

	public int getChunkRows() {
		return this.chunkRows;
	}

	public void setChunkRows(int chunkRows) {
		this.chunkRows = chunkRows;
	}

	public int getFreezeMaxPendingKeys() {
		return this.freezeMaxPendingKeys;
	}

	public void setFreezeMaxPendingKeys(int freezeMaxPendingKeys) {
		this.freezeMaxPendingKeys = freezeMaxPendingKeys;
	}

	public Duration getFreezeMaxLag() {
		return this.freezeMaxLag;
	}

	public void setFreezeMaxLag(Duration freezeMaxLag) {
		this.freezeMaxLag = freezeMaxLag;
	}

	public Duration getMarkerTimeout() {
		return this.markerTimeout;
	}

	public void setMarkerTimeout(Duration markerTimeout) {
		this.markerTimeout = markerTimeout;
	}

	public int getFreezeAttempts() {
		return this.freezeAttempts;
	}

	public void setFreezeAttempts(int freezeAttempts) {
		this.freezeAttempts = freezeAttempts;
	}

	public int getCleanupBatchRows() {
		return this.cleanupBatchRows;
	}

	public void setCleanupBatchRows(int cleanupBatchRows) {
		this.cleanupBatchRows = cleanupBatchRows;
	}

	public Duration getCleanupPause() {
		return this.cleanupPause;
	}

	public void setCleanupPause(Duration cleanupPause) {
		this.cleanupPause = cleanupPause;
	}

	public long getFreezeCopyMaxRows() {
		return this.freezeCopyMaxRows;
	}

	public void setFreezeCopyMaxRows(long freezeCopyMaxRows) {
		this.freezeCopyMaxRows = freezeCopyMaxRows;
	}

	public Duration getIdlePoll() {
		return this.idlePoll;
	}

	public void setIdlePoll(Duration idlePoll) {
		this.idlePoll = idlePoll;
	}

}
