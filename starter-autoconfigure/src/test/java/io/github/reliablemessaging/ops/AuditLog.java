package io.github.reliablemessaging.ops;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

/** The audit log as an operator reads it: {@code GET /actuator/reliable/audit}, newest first. */
public final class AuditLog {

	private AuditLog() {
	}

	/**
	 * @param http HTTP as a user allowed to read
	 * @param nameContains filter on the entry name
	 * @return the matching entries, newest first
	 */
	public static List<Map<String, Object>> entries(Http http, String nameContains) {
		Http.Response response = http.get("/actuator/reliable/audit?limit=1000&name=" + nameContains);
		if (response.status() != 200) {
			throw new IllegalStateException("audit log not readable: " + response);
		}
		return JsonPath.read(response.body(), "$");
	}

	/**
	 * @param http HTTP as a user allowed to read
	 * @return every entry, newest first
	 */
	public static List<Map<String, Object>> all(Http http) {
		return entries(http, "");
	}

}
