package io.github.reliablemessaging.sharding.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Comparator;

/** Comparison and arithmetic of column values the way MySQL does them, for merging results of several sets. */
public final class Values {

	/** MySQL's ascending order: NULL first, numbers by value, strings by code point (binary collation). */
	public static final Comparator<Object> ASCENDING = Values::compare;

	private Values() {
	}

	/**
	 * @param a a value or null
	 * @param b a value or null
	 * @return their order, NULL first
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static int compare(Object a, Object b) {
		if (a == b) {
			return 0;
		}
		if (a == null) {
			return -1;
		}
		if (b == null) {
			return 1;
		}
		if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
			return decimal(x).compareTo(decimal(y));
		}
		if (a instanceof String x && b instanceof String y) {
			return compareCodePoints(x, y);
		}
		if (a instanceof byte[] x && b instanceof byte[] y) {
			return java.util.Arrays.compareUnsigned(x, y);
		}
		if (a instanceof Comparable comparable && a.getClass() == b.getClass()) {
			return comparable.compareTo(b);
		}
		throw new IllegalArgumentException("Cannot compare " + a.getClass().getName() + " with " + b.getClass().getName());
	}

	private static int compareCodePoints(String x, String y) {
		int i = 0;
		int j = 0;
		while (i < x.length() && j < y.length()) {
			int cx = x.codePointAt(i);
			int cy = y.codePointAt(j);
			if (cx != cy) {
				return Integer.compare(cx, cy);
			}
			i += Character.charCount(cx);
			j += Character.charCount(cy);
		}
		return Integer.compare(x.length() - i, y.length() - j);
	}

	/**
	 * SUM merge: NULL + x = x.
	 * @param a partial sum or null
	 * @param b partial sum or null
	 * @return the sum
	 */
	public static Object add(Object a, Object b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
			return ((Number) a).doubleValue() + ((Number) b).doubleValue();
		}
		if (a instanceof BigDecimal || b instanceof BigDecimal || a instanceof BigInteger || b instanceof BigInteger) {
			return decimal((Number) a).add(decimal((Number) b));
		}
		return Math.addExact(((Number) a).longValue(), ((Number) b).longValue());
	}

	/**
	 * AVG from merged SUM and COUNT, to MySQL's precision: DECIMAL sums get the sum's scale + 4 (div_precision_increment),
	 * rounded half up; floating sums divide as doubles.
	 * @param sum merged sum or null
	 * @param count merged count
	 * @return the average, null when nothing was counted
	 */
	public static Object average(Object sum, long count) {
		if (sum == null || count == 0) {
			return null;
		}
		if (sum instanceof Double || sum instanceof Float) {
			return ((Number) sum).doubleValue() / count;
		}
		BigDecimal total = decimal((Number) sum);
		return total.divide(BigDecimal.valueOf(count), Math.min(total.scale() + 4, 30), RoundingMode.HALF_UP);
	}

	private static BigDecimal decimal(Number n) {
		if (n instanceof BigDecimal d) {
			return d;
		}
		if (n instanceof BigInteger i) {
			return new BigDecimal(i);
		}
		if (n instanceof Double || n instanceof Float) {
			return BigDecimal.valueOf(n.doubleValue());
		}
		return BigDecimal.valueOf(n.longValue());
	}

}
