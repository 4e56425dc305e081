package io.github.reliablemessaging.benchmarks.peer;

import java.util.Arrays;

/** The work a benchmark handler does for each record, on top of the checks every system runs. */
public enum HandlerMode {

	/** No work: measures the consumption machinery alone. */
	NOOP("noop"),

	/** {@code Thread.sleep(1)} as simulated I/O (about 1.1 ms on the reference machine). */
	IO_1MS("io1ms");

	private final String label;

	HandlerMode(String label) {
		this.label = label;
	}

	/** @return the name used on the command line and as metric prefix, e.g. {@code io1ms} */
	public String label() {
		return this.label;
	}

	/**
	 * @param label {@code noop} or {@code io1ms}
	 * @return the mode
	 */
	public static HandlerMode of(String label) {
		return Arrays.stream(values())
			.filter((mode) -> mode.label.equals(label))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown handler '" + label + "', expected one of " + Arrays.toString(values())));
	}

}
