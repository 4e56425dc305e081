package io.github.reliablemessaging.sharding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scatter-gather query did not get a complete answer: a set failed or timed out, or the sets' ownership rows did
 * not cover every slot exactly once. Never a silently short result.
 */
public final class ScatterGatherException extends ShardingException {

	private final Map<String, String> failedSets;

	ScatterGatherException(String message, Map<String, String> failedSets, Throwable cause) {
		super(message, cause);
		this.failedSets = Collections.unmodifiableMap(new LinkedHashMap<>(failedSets));
	}

	/** @return set name -> reason, for the sets that failed (empty for a coverage failure) */
	public Map<String, String> failedSets() {
		return this.failedSets;
	}

}
