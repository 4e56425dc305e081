package io.github.reliablemessaging.idempotency.it;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The order service in its own JVM, started by {@link CrashBetweenCommitAndRedisTest}: its listener halts the
 * JVM right after the database commit of one chosen event ({@code --it.crash-after-commit-of}), before the
 * Redis done-marker is set. Exits by itself after two minutes if it never reaches that event.
 */
public final class CrashingConsumer {

	private CrashingConsumer() {
	}

	public static void main(String[] args) throws InterruptedException {
		new SpringApplicationBuilder(TestApp.class).run(args);
		Thread.sleep(120_000);
		Runtime.getRuntime().halt(3);
	}

}
