package io.github.reliablemessaging.testsupport;

import java.io.IOException;
import java.time.Duration;

import redis.embedded.RedisServer;

/** The Redis binary bundled in the {@code embedded-redis} artifact (Redis 6.2). */
final class EmbeddedRedis implements RealRedis {

	private final int port;

	private RedisServer server;

	private EmbeddedRedis(int port) {
		this.port = port;
	}

	static EmbeddedRedis launch() {
		EmbeddedRedis redis = new EmbeddedRedis(Ports.free());
		redis.start();
		return redis;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		try {
			this.server = RedisServer.newRedisServer()
				.port(this.port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the embedded Redis on port " + this.port, ex);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!isRunning()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Embedded Redis on port " + this.port + " did not answer PING");
			}
			ManagedProcess.sleep(20);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.server != null) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not stop the embedded Redis on port " + this.port, ex);
			}
			this.server = null;
		}
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String description() {
		return "embedded Redis on port " + this.port;
	}

	@Override
	public void close() {
		stop();
	}

}
