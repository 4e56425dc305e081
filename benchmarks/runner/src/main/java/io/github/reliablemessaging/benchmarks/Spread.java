package io.github.reliablemessaging.benchmarks;

import java.util.Collection;

/**
 * Median and range of one metric over a scenario's rounds.
 *
 * @param median the median (mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many rounds produced a value
 */
public record Spread(double median, double min, double max, int count) {

	/**
	 * @param values at least one value
	 * @return their spread
	 */
	public static Spread of(Collection<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no values");
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		return new Spread(median, sorted[0], sorted[n - 1], n);
	}

	@Override
	public String toString() {
		return "median " + this.median + " (" + this.min + " – " + this.max + ", n=" + this.count + ")";
	}

}
