package io.github.reliablemessaging.ops.replay;

/**
 * A message rebuilt by a {@link ReplaySource}.
 *
 * @param topic destination topic
 * @param key record key (keeps per-key order and partition)
 * @param value payload, serialized by the application's {@code KafkaTemplate}
 */
public record ReplayMessage(String topic, Object key, Object value) {

}
