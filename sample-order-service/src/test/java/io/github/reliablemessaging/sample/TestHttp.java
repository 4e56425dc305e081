package io.github.reliablemessaging.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the tests: JSON bodies, optional basic authentication. */
final class TestHttp {

	static final String ADMIN = "admin:admin-test-password";

	static final String VIEWER = "viewer:viewer-test-password";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	TestHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String user) throws Exception {
		return send(builder(path, user).GET());
	}

	HttpResponse<String> post(String path, String body, String user) throws Exception {
		return send(builder(path, user).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder builder(String path, String user) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
		if (user != null) {
			builder.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
