package io.github.reliablemessaging.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** How big a run is; each scenario maps it to its own parameters. */
public enum Size {

	/** Seconds: only proves the plumbing (the smoke test). Figures mean nothing. */
	TINY(1),

	/** A few minutes on 2 cores for all scenarios: shows the format, figures are indicative only. */
	SMALL(3),

	/** The published run: the sizes the feature issues specify. */
	FULL(3);

	private final int defaultRepeats;

	Size(int defaultRepeats) {
		this.defaultRepeats = defaultRepeats;
	}

	/** @return rounds per system when {@code --repeats} is not given */
	public int defaultRepeats() {
		return this.defaultRepeats;
	}

	/** @return the lower-case name used on the command line and in the results */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value {@code tiny}, {@code small} or {@code full}
	 * @return the size
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static Size of(String value) {
		return Arrays.stream(values())
			.filter((size) -> size.label().equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown size '" + value + "': use tiny, small or full"));
	}

}
