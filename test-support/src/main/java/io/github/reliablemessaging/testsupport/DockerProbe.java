package io.github.reliablemessaging.testsupport;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers once per JVM whether a Docker engine answers (about 0.5 s when none does). */
final class DockerProbe {

	private static volatile Boolean available;

	private DockerProbe() {
	}

	static boolean available() {
		Boolean result = available;
		if (result == null) {
			synchronized (DockerProbe.class) {
				result = available;
				if (result == null) {
					try {
						result = DockerClientFactory.instance().isDockerAvailable();
					}
					catch (Throwable ex) {
						result = false;
					}
					available = result;
				}
			}
		}
		return result;
	}

}
