package io.github.reliablemessaging.ops.replay;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Progress of one replay: how many records of the planned total were re-published. */
public final class ReplayJob {

	/** Where a job is. */
	public enum State {

		/** Publishing. */
		RUNNING,
		/** Every planned record was re-published. */
		DONE,
		/** Stopped on an error; {@link #error()} says why; records already published stay published. */
		FAILED

	}

	private final String id;

	private final String description;

	private final Map<String, String> ranges;

	private final long total;

	private final Instant started;

	private final AtomicLong published = new AtomicLong();

	private volatile State state = State.RUNNING;

	private volatile String error;

	private volatile Instant finished;

	ReplayJob(String id, String description, Map<String, String> ranges, long total, Instant started) {
		this.id = id;
		this.description = description;
		this.ranges = ranges;
		this.total = total;
		this.started = started;
	}

	void published(long n) {
		this.published.addAndGet(n);
	}

	void done(Instant at) {
		this.state = State.DONE;
		this.finished = at;
	}

	void failed(String reason, Instant at) {
		this.error = reason;
		this.state = State.FAILED;
		this.finished = at;
	}

	/** @return job id, also the value of the replay header on every re-published record */
	public String getId() {
		return this.id;
	}

	/** @return what is replayed */
	public String getDescription() {
		return this.description;
	}

	/** @return planned ranges per partition, {@code [from, to)} */
	public Map<String, String> getRanges() {
		return this.ranges;
	}

	/** @return planned record count (for a replay source: -1, unknown until it ends) */
	public long getTotal() {
		return this.total;
	}

	/** @return records re-published so far */
	public long getPublished() {
		return this.published.get();
	}

	/** @return state */
	public State getState() {
		return this.state;
	}

	/** @return the error of a failed job */
	public String getError() {
		return this.error;
	}

	/** @return start time */
	public Instant getStarted() {
		return this.started;
	}

	/** @return end time, null while running */
	public Instant getFinished() {
		return this.finished;
	}

	/** @return error accessor for code */
	public String error() {
		return this.error;
	}

}
