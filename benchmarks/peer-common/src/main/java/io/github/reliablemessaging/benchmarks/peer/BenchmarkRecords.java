package io.github.reliablemessaging.benchmarks.peer;

/**
 * How benchmark records are encoded, shared by the producer (runner) and every consumer (peer JVMs): key
 * {@code k<keyIndex>}, value {@code <index>,<keyIndex>,<sequence>} where {@code sequence} counts the records of that
 * key from 0. Backlog records use key indexes {@code [0, keys)}, live records {@code [keys, keys + liveKeys)}, so
 * both phases are checked for per-key order independently.
 */
public final class BenchmarkRecords {

	private BenchmarkRecords() {
	}

	/**
	 * @param keyIndex the key's index
	 * @return the record key
	 */
	public static String key(int keyIndex) {
		return "k" + keyIndex;
	}

	/**
	 * @param index the record's global index
	 * @param keyIndex the key's index
	 * @param sequence the record's position among the records of its key
	 * @return the record value
	 */
	public static String value(int index, int keyIndex, int sequence) {
		return index + "," + keyIndex + "," + sequence;
	}

	/**
	 * Decodes a value into {@code out}: {@code out[0]} index, {@code out[1]} key index, {@code out[2]} sequence.
	 * @param value the record value
	 * @param out three ints
	 */
	public static void decode(String value, int[] out) {
		int first = value.indexOf(',');
		int second = value.indexOf(',', first + 1);
		if (first < 0 || second < 0) {
			throw new IllegalArgumentException("Not a benchmark record value: " + value);
		}
		out[0] = Integer.parseInt(value, 0, first, 10);
		out[1] = Integer.parseInt(value, first + 1, second, 10);
		out[2] = Integer.parseInt(value, second + 1, value.length(), 10);
	}

}
