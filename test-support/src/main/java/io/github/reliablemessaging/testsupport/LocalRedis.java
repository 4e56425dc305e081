package io.github.reliablemessaging.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The machine's {@code redis-server}, started by the harness on its own port and directory. */
final class LocalRedis implements RealRedis {

	private final Path dir;

	private final int port;

	private final ManagedProcess process;

	private LocalRedis(Path dir, int port, ManagedProcess process) {
		this.dir = dir;
		this.port = port;
		this.process = process;
	}

	static LocalRedis launch() {
		Path binary = Executables.find("redis-server").orElseThrow();
		Path dir = WorkDirectories.create("redis");
		int port = Ports.free();
		List<String> command = List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save",
				"", "--appendonly", "no", "--dir", dir.toString());
		LocalRedis redis = new LocalRedis(dir, port, new ManagedProcess("redis-server:" + port, command, dir.resolve("redis.log")));
		redis.start();
		return redis;
	}

	@Override
	public void start() {
		this.process.start(this::isRunning, Duration.ofSeconds(20));
	}

	@Override
	public void stop() {
		this.process.stop();
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
		return "local redis-server on port " + this.port;
	}

	@Override
	public void close() {
		this.process.stop();
		WorkDirectories.delete(this.dir);
	}

}
