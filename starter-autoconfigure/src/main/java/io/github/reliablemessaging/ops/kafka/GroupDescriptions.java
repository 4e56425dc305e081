package io.github.reliablemessaging.ops.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Describes consumer groups; a group that does not exist yet is simply absent from the answer. */
public final class GroupDescriptions {

	private GroupDescriptions() {
	}

	/**
	 * @param admin admin client
	 * @param groups group ids
	 * @return descriptions of the groups that exist
	 * @throws ExecutionException for any other failure
	 * @throws TimeoutException after 15 s
	 * @throws InterruptedException when interrupted
	 */
	public static Map<String, ConsumerGroupDescription> describe(Admin admin, Collection<String> groups)
			throws ExecutionException, TimeoutException, InterruptedException {
		Map<String, ConsumerGroupDescription> result = new HashMap<>();
		for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> entry : admin.describeConsumerGroups(groups).describedGroups().entrySet()) {
			try {
				result.put(entry.getKey(), entry.getValue().get(15, TimeUnit.SECONDS));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
					throw ex;
				}
			}
		}
		return result;
	}

}
