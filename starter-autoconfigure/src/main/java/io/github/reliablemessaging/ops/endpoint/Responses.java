package io.github.reliablemessaging.ops.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** Uniform bodies for refused operations: {@code {"status": 400, "error": "..."}} — never a stack trace. */
final class Responses {

	private Responses() {
	}

	static WebEndpointResponse<Object> ok(Object body) {
		return new WebEndpointResponse<>(body, 200);
	}

	static WebEndpointResponse<Object> error(int status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", message);
		return new WebEndpointResponse<>(body, status);
	}

}
