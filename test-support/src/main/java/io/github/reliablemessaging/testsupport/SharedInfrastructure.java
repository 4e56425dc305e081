package io.github.reliablemessaging.testsupport;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka cluster, one MySQL-compatible server (binlog on) and one Redis per JVM, started on first use and
 * stopped when the JVM exits. Tests that stop or kill a server start their own instead, so that they never
 * disturb the shared ones.
 */
public final class SharedInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

	private static final Lazy<RealKafka> KAFKA = new Lazy<>("Kafka", RealKafka::launch, RealKafka::description);

	private static final Lazy<RealMySql> MYSQL = new Lazy<>("MySQL",
			() -> RealMySql.launch(MySqlOptions.defaults().withBinlog(true)), RealMySql::description);

	private static final Lazy<RealRedis> REDIS = new Lazy<>("Redis", RealRedis::launch, RealRedis::description);

	private SharedInfrastructure() {
	}

	/** @return the shared one-broker Kafka cluster */
	public static RealKafka kafka() {
		return KAFKA.get();
	}

	/** @return the shared MySQL-compatible server (binlog ROW on) */
	public static RealMySql mysql() {
		return MYSQL.get();
	}

	/** @return the shared Redis */
	public static RealRedis redis() {
		return REDIS.get();
	}

	private static final class Lazy<T extends AutoCloseable> {

		private final String name;

		private final Supplier<T> factory;

		private final java.util.function.Function<T, String> describe;

		private volatile T value;

		Lazy(String name, Supplier<T> factory, java.util.function.Function<T, String> describe) {
			this.name = name;
			this.factory = factory;
			this.describe = describe;
		}

		T get() {
			T result = this.value;
			if (result == null) {
				synchronized (this) {
					result = this.value;
					if (result == null) {
						long start = System.nanoTime();
						try {
							result = this.factory.get();
						}
						catch (RuntimeException ex) {
							throw new IllegalStateException("The test harness could not start " + this.name + " (mode "
									+ InfrastructureMode.current() + "). " + ex.getMessage()
									+ " — force another mode with -D" + InfrastructureMode.PROPERTY
									+ "=docker|local|embedded", ex);
						}
						long millis = (System.nanoTime() - start) / 1_000_000;
						log.info("[reliable-test] {} ready: {} in {} ms", this.name, this.describe.apply(result), millis);
						T started = result;
						Runtime.getRuntime().addShutdownHook(new Thread(() -> {
							try {
								started.close();
							}
							catch (Exception ex) {
								// the JVM is going away
							}
						}, "reliable-test-shutdown-" + this.name));
						this.value = result;
					}
				}
			}
			return result;
		}

	}

}
