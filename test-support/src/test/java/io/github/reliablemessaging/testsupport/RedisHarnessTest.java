package io.github.reliablemessaging.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfrastructureExtension.class)
class RedisHarnessTest {

	@Test
	void valuesSetThroughRedissonAreReadBack(RealRedis redis) {
		RedissonClient client = RedisClients.redisson(redis);
		try {
			RBucket<String> bucket = client.getBucket("harness:key");
			bucket.delete();
			assertThat(bucket.setIfAbsent("first", Duration.ofMinutes(1))).isTrue();
			assertThat(bucket.setIfAbsent("second", Duration.ofMinutes(1))).isFalse();
			assertThat(bucket.get()).isEqualTo("first");
		}
		finally {
			client.shutdown();
		}
	}

	static final class RedisClients {

		static RedissonClient redisson(RealRedis redis) {
			Config config = new Config();
			config.useSingleServer().setAddress(redis.uri()).setConnectTimeout(1000).setRetryAttempts(1);
			return Redisson.create(config);
		}

	}

}
