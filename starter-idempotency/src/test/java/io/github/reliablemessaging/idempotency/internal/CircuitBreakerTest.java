package io.github.reliablemessaging.idempotency.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

	private final AtomicLong now = new AtomicLong();

	private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), this.now::get);

	@Test
	void opensAfterConsecutiveFailuresAndRefusesCalls() {
		this.breaker.onFailure();
		this.breaker.onFailure();
		this.breaker.onSuccess(); // a success resets the count
		this.breaker.onFailure();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();
	}

	@Test
	void letsOneProbeThroughAfterTheCoolDownAndClosesOnSuccess() {
		open();
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.breaker.tryAcquire()).as("only one probe at a time").isFalse();
		assertThat(this.breaker.onSuccess()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void aFailedProbeOpensItForAnotherCoolDown() {
		open();
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.onFailure()).isEqualTo(CircuitBreaker.State.OPEN);
		this.now.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void aProbeThatNeverReportsIsReplacedAfterAnotherCoolDown() {
		open();
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			this.breaker.onFailure();
		}
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

}
