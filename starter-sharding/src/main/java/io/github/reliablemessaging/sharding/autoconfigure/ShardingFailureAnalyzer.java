package io.github.reliablemessaging.sharding.autoconfigure;

import io.github.reliablemessaging.sharding.ShardingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failures of the sharded store as a short description and action, without a stack trace. */
class ShardingFailureAnalyzer extends AbstractFailureAnalyzer<ShardingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShardingException cause) {
		return new FailureAnalysis("The sharded store could not start: " + cause.getMessage(),
				"Check the reliable.sharding.* configuration (sets, metadata database, slots) and that every set and"
						+ " the metadata database answer.",
				cause);
	}

}
