package io.github.reliablemessaging.testsupport;

import java.time.Duration;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** Redis 7 in Docker with a fixed host port, so that a stop and start of the container keeps it. */
final class DockerRedis implements RealRedis {

	static final String IMAGE = "redis:7.4";

	private final GenericContainer<?> container;

	private final int port;

	private DockerRedis(GenericContainer<?> container, int port) {
		this.container = container;
		this.port = port;
	}

	@SuppressWarnings("resource")
	static DockerRedis launch() {
		int port = Ports.free();
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(6379)
			.withCommand("redis-server", "--save", "", "--appendonly", "no")
			.waitingFor(Wait.forListeningPort());
		container.setPortBindings(List.of(port + ":6379"));
		container.start();
		return new DockerRedis(container, port);
	}

	@Override
	public void stop() {
		DockerClientFactory.instance().client().stopContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public void start() {
		if (isRunning()) {
			return;
		}
		DockerClientFactory.instance().client().startContainerCmd(this.container.getContainerId()).exec();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!isRunning()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Redis container did not come back within 30 s");
			}
			ManagedProcess.sleep(100);
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
		return "Docker " + IMAGE + " on port " + this.port;
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
