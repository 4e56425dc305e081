package io.github.reliablemessaging.idempotency.internal;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Record headers by name, values as UTF-8 text (the last value of a repeated header), for key expressions such as
 * {@code #headers['event-id']}. Decoded on first use.
 */
final class RecordHeaders extends AbstractMap<String, String> {

	private final Headers headers;

	private Map<String, String> decoded;

	RecordHeaders(Headers headers) {
		this.headers = headers;
	}

	@Override
	public String get(Object name) {
		if (!(name instanceof String text) || this.headers == null) {
			return null;
		}
		Header header = this.headers.lastHeader(text);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	@Override
	public boolean containsKey(Object name) {
		return name instanceof String text && this.headers != null && this.headers.lastHeader(text) != null;
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		if (this.decoded == null) {
			Map<String, String> map = new LinkedHashMap<>();
			if (this.headers != null) {
				for (Header header : this.headers) {
					map.put(header.key(), (header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null);
				}
			}
			this.decoded = map;
		}
		return this.decoded.entrySet();
	}

}
