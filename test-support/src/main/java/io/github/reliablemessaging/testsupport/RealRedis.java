package io.github.reliablemessaging.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A real Redis for a test: Redis 7 in Docker where Docker exists, otherwise the machine's {@code redis-server} or
 * the Redis binary bundled by {@code embedded-redis}. Owned by the harness: fault tests may {@link #stop()} and
 * {@link #start()} it; the port stays the same.
 */
public interface RealRedis extends AutoCloseable {

	/** @return host to connect to (loopback) */
	String host();

	/** @return port; stays the same across {@link #stop()} / {@link #start()} */
	int port();

	/** @return what runs the server */
	String description();

	/** Stops the server (it keeps nothing on disk). */
	void stop();

	/** Starts the server again on the same port. */
	void start();

	@Override
	void close();

	/** @return {@code redis://host:port} */
	default String uri() {
		return "redis://" + host() + ":" + port();
	}

	/** @return true when the server answers PING */
	default boolean isRunning() {
		return ping(host(), port());
	}

	/**
	 * Starts a server in the mode in force ({@link InfrastructureMode#current()}).
	 * @return the running server
	 */
	static RealRedis launch() {
		return launch(InfrastructureMode.current());
	}

	/**
	 * Starts a server in the given mode.
	 * @param mode {@link InfrastructureMode#DOCKER}, {@link InfrastructureMode#LOCAL} or
	 * {@link InfrastructureMode#EMBEDDED}
	 * @return the running server
	 */
	static RealRedis launch(InfrastructureMode mode) {
		return switch (mode.resolved()) {
			case DOCKER -> DockerRedis.launch();
			case LOCAL -> Executables.find("redis-server").isPresent() ? LocalRedis.launch() : EmbeddedRedis.launch();
			default -> EmbeddedRedis.launch();
		};
	}

	/** Sends a raw PING; used to wait for readiness without a client library. */
	static boolean ping(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buf = new byte[7];
			int n = in.read(buf);
			return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
