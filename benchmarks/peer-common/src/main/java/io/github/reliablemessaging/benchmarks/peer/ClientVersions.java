package io.github.reliablemessaging.benchmarks.peer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the libraries on a peer's class path, read at run time so that the results name what really ran. */
public final class ClientVersions {

	private ClientVersions() {
	}

	/**
	 * Reads the version from the {@code pom.properties} that Maven puts into every jar it builds.
	 * @param groupId the artifact's group
	 * @param artifactId the artifact
	 * @return {@code artifactId version}, or {@code artifactId ?} when the jar carries no such file
	 */
	public static String of(String groupId, String artifactId) {
		String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (InputStream in = ClientVersions.class.getClassLoader().getResourceAsStream(resource)) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return artifactId + " " + properties.getProperty("version", "?");
			}
		}
		catch (IOException ex) {
			// fall through: an unreadable version is reported as unknown
		}
		return artifactId + " ?";
	}

	/**
	 * @param type a class of the library
	 * @param name the name to report
	 * @return {@code name version} from the jar manifest, {@code name ?} when the manifest has none
	 */
	public static String of(Class<?> type, String name) {
		String version = type.getPackage().getImplementationVersion();
		return name + " " + (version != null ? version : "?");
	}

}
