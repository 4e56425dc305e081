package io.github.reliablemessaging.benchmarks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;

import io.github.reliablemessaging.benchmarks.PeerJvm;

/** Facts about the machine and the software a run used, recorded in every results file. */
public final class MachineFacts {

	/** Said in every results file: the figures come from a shared, noisy machine. */
	public static final String CAVEAT = "Shared build machine: other builds and tests may have run at the same time "
			+ "(see the load averages). Compare systems within this run (ratios), not absolute figures across runs.";

	private MachineFacts() {
	}

	/** @return the one-minute load average (two decimals), or -1 where the OS does not tell */
	public static double loadAverage() {
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return (load < 0) ? -1 : Math.round(load * 100) / 100.0;
	}

	/**
	 * @return cores, memory, OS, CPU model, JVM, peer JVM options and the versions known at build time
	 */
	public static Map<String, Object> collect() {
		Map<String, Object> facts = new LinkedHashMap<>();
		Runtime runtime = Runtime.getRuntime();
		facts.put("cores", runtime.availableProcessors());
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			facts.put("memory_mb", sun.getTotalMemorySize() / (1024 * 1024));
		}
		facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		cpuModel().ifPresent((model) -> facts.put("cpu", model));
		facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vendor") + ")");
		facts.put("runner_max_heap_mb", runtime.maxMemory() / (1024 * 1024));
		facts.put("peer_jvm_options", String.join(" ", PeerJvm.JVM_OPTIONS));
		return facts;
	}

	/** @return versions of the project and of the runner's libraries */
	public static Map<String, String> runnerVersions() {
		Map<String, String> versions = new LinkedHashMap<>();
		Properties built = new Properties();
		try (InputStream in = MachineFacts.class.getClassLoader()
			.getResourceAsStream("META-INF/reliable-benchmarks/versions.properties")) {
			if (in != null) {
				built.load(in);
			}
		}
		catch (IOException ex) {
			// versions are informative; a missing file leaves them out
		}
		built.stringPropertyNames().stream().sorted().forEach((name) -> versions.put(name, built.getProperty(name)));
		versions.put("runner_kafka_clients", AppInfoParser.getVersion());
		return versions;
	}

	private static Optional<String> cpuModel() {
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (!Files.isReadable(cpuinfo)) {
			return Optional.empty();
		}
		try (Stream<String> lines = Files.lines(cpuinfo)) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
