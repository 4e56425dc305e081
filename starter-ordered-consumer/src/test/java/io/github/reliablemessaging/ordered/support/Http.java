package io.github.reliablemessaging.ordered.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plain HTTP against a running application, as an operator's curl would do.
 *
 * @param port the application's port
 */
public record Http(int port) {

	/** @return a client for the application's port */
	public static Http of(ConfigurableApplicationContext context) {
		return new Http(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
	}

	/** @return the response to a GET */
	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build());
	}

	/** @return the response to a JSON POST */
	public Response post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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
