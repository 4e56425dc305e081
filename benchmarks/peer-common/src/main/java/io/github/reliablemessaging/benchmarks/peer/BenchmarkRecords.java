package io.github.reliablemessaging.benchmarks.peer;

/**
 * How benchmark records are encoded, shared by the producer (runner) and every consumer (peer JVMs).
 *
 * <p>Key {@code k<keyIndex>}; value {@code <index>,<keyIndex>,<sequence>,<sentMicros>}: {@code index} numbers every
 * record of a run from 0 (backlog first, then live records), {@code sequence} counts the records of one key from 0,
 * and {@code sentMicros} is the wall-clock time (epoch microseconds) just before the producer's {@code send}. The
 * record timestamp is not used for latency because it only has millisecond resolution.
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
	 * @param index the record's index in the run
	 * @param keyIndex the key's index
	 * @param sequence the record's position among the records of its key
	 * @param sentMicros epoch microseconds when the record was handed to the producer
	 * @return the record value
	 */
	public static String value(int index, int keyIndex, int sequence, long sentMicros) {
		return index + "," + keyIndex + "," + sequence + "," + sentMicros;
	}

	/**
	 * Decodes a value written by {@link #value}.
	 * @param value the record value
	 * @return the decoded fields
	 * @throws IllegalArgumentException if the value is not a benchmark record
	 */
	public static Decoded decode(String value) {
		if (value == null) {
			throw new IllegalArgumentException("Not a benchmark record value: null");
		}
		int first = value.indexOf(',');
		int second = value.indexOf(',', first + 1);
		int third = value.indexOf(',', second + 1);
		if (first < 0 || second < 0 || third < 0) {
			throw new IllegalArgumentException("Not a benchmark record value: " + value);
		}
		try {
			return new Decoded(Integer.parseInt(value, 0, first, 10), Integer.parseInt(value, first + 1, second, 10),
					Integer.parseInt(value, second + 1, third, 10), Long.parseLong(value, third + 1, value.length(), 10));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a benchmark record value: " + value, ex);
		}
	}

	/**
	 * The fields of a benchmark record value.
	 *
	 * @param index the record's index in the run
	 * @param keyIndex the key's index
	 * @param sequence the record's position among the records of its key
	 * @param sentMicros epoch microseconds when the record was handed to the producer
	 */
	public record Decoded(int index, int keyIndex, int sequence, long sentMicros) {
	}

}
