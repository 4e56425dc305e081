package io.github.reliablemessaging.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plain HTTP against a running application, as an operator's curl would do.
 *
 * @param port the application's port
 * @param authorization the {@code Authorization} header, or null for anonymous calls
 */
public record Http(int port, String authorization) {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	/**
	 * @param context a running web application
	 * @return anonymous HTTP against it
	 */
	public static Http of(ConfigurableApplicationContext context) {
		return new Http(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")), null);
	}

	/**
	 * @param user user name
	 * @param password password
	 * @return the same, with HTTP basic authentication
	 */
	public Http as(String user, String password) {
		return new Http(this.port, "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	public Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path.replace(" ", "%20")));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param status HTTP status
	 * @param body response body
	 */
	public record Response(int status, String body) {

	}

}
