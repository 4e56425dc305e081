package io.github.reliablemessaging.sharding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reliablemessaging.testsupport.RealMySql;

/**
 * Records a server's general log while work runs, then checks the storage fencing rule on what the server really
 * received: every INSERT / UPDATE / DELETE of {@code orders} runs in a transaction whose earlier statements include
 * the shared-locked read of the ownership row (of the inserted row's own slot, for INSERTs).
 */
public final class GeneralLogAudit {

	/** Work to audit. */
	@FunctionalInterface
	public interface Work {

		void run() throws Exception;

	}

	private GeneralLogAudit() {
	}

	/**
	 * @param server the set's server
	 * @param work what to record
	 * @return {@code writes} seen and {@code violations} found
	 */
	public static Map<String, Integer> run(RealMySql server, Work work) throws Exception {
		Path log = Files.createTempFile("general", ".log");
		try (Connection admin = server.connect(""); Statement s = admin.createStatement()) {
			s.execute("SET GLOBAL general_log_file = '" + log + "'");
			s.execute("SET GLOBAL log_output = 'FILE'");
			s.execute("SET GLOBAL general_log = 'ON'");
			try {
				work.run();
			}
			finally {
				s.execute("SET GLOBAL general_log = 'OFF'");
			}
		}
		try {
			return audit(Files.readAllLines(log));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/**
	 * Replays each connection's statements from the server's general log: every INSERT / UPDATE / DELETE of orders
	 * must run in a transaction whose statements before it include the ownership read of the row's slot.
	 */
	static Map<String, Integer> audit(List<String> lines) {
		Pattern entry = Pattern.compile("^(?:\\d{6}\\s+[\\d:]+)?\\s+(\\d+)\\s+(Query|Execute)\\s+(.*)$");
		Pattern fence = Pattern.compile("SELECT state FROM slot_owner WHERE slot = (\\d+) LOCK IN SHARE MODE");
		Pattern insertSlot = Pattern.compile("VALUES \\((\\d+), (\\d+),");
		Map<String, Boolean> autoCommit = new HashMap<>();
		Map<String, List<Integer>> fencedSlots = new HashMap<>();
		int writes = 0;
		int violations = 0;
		for (String line : lines) {
			Matcher m = entry.matcher(line);
			if (!m.matches()) {
				continue;
			}
			String thread = m.group(1);
			String sql = m.group(3).trim();
			String upper = sql.toUpperCase();
			List<Integer> fenced = fencedSlots.computeIfAbsent(thread, (t) -> new ArrayList<>());
			if (upper.startsWith("SET AUTOCOMMIT=0") || upper.startsWith("SET AUTOCOMMIT = 0")) {
				autoCommit.put(thread, false);
				fenced.clear();
			}
			else if (upper.startsWith("SET AUTOCOMMIT=1") || upper.startsWith("SET AUTOCOMMIT = 1")) {
				autoCommit.put(thread, true);
				fenced.clear();
			}
			else if (upper.equals("COMMIT") || upper.equals("ROLLBACK") || upper.startsWith("START TRANSACTION")) {
				fenced.clear();
				if (upper.startsWith("START TRANSACTION")) {
					fenced.add(-1); // explicit transaction open
				}
			}
			else if (fence.matcher(sql).find()) {
				Matcher f = fence.matcher(sql);
				f.find();
				fenced.add(Integer.parseInt(f.group(1)));
			}
			else if (upper.matches("^(INSERT|UPDATE|DELETE)\\b.*") && upper.contains("ORDERS")) {
				writes++;
				boolean inTransaction = !autoCommit.getOrDefault(thread, true) || fenced.contains(-1);
				boolean ok = inTransaction && fenced.stream().anyMatch((slot) -> slot >= 0);
				Matcher values = insertSlot.matcher(sql);
				if (ok && upper.startsWith("INSERT") && values.find()) {
					ok = fenced.contains(Integer.parseInt(values.group(2)));
				}
				if (!ok) {
					violations++;
					System.err.println("Unfenced write on thread " + thread + ": " + sql);
				}
			}
		}
		return Map.of("writes", writes, "violations", violations);
	}

}
