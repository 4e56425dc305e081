package io.github.reliablemessaging.ops.replay;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link ReplaySource} should rebuild.
 *
 * @param from start of the time range (inclusive), or null
 * @param to end of the time range (exclusive), or null
 * @param ids business ids (e.g. order numbers), empty for all in the range
 */
public record ReplayQuery(Instant from, Instant to, List<String> ids) {

}
