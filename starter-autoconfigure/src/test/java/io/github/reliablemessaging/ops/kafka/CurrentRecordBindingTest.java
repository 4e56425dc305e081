package io.github.reliablemessaging.ops.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.reliablemessaging.kafka.CurrentRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.MessageListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurrentRecordBindingTest {

	@Test
	void theListenerSeesItsRecordAndNothingAfterwards() {
		List<Optional<ConsumerRecord<?, ?>>> seen = new ArrayList<>();
		MessageListener<Object, Object> delegate = (record) -> seen.add(CurrentRecord.get());
		SeekCapturingListener listener = new SeekCapturingListener("l", delegate, new SeekCallbacks());
		ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 2, 41L, "k", "v");

		listener.onMessage(record, null, null);

		assertThat(seen).containsExactly(Optional.of(record));
		assertThat(CurrentRecord.get()).isEmpty();
	}

	@Test
	void aFailingListenerDoesNotLeaveItsRecordBound() {
		MessageListener<Object, Object> delegate = (record) -> {
			throw new IllegalStateException("boom");
		};
		SeekCapturingListener listener = new SeekCapturingListener("l", delegate, new SeekCallbacks());

		assertThatThrownBy(() -> listener.onMessage(new ConsumerRecord<>("orders", 0, 1L, "k", "v"), null, null))
			.hasMessage("boom");
		assertThat(CurrentRecord.get()).isEmpty();
	}

	@Test
	void nestedBindingsRestoreTheOuterRecord() {
		ConsumerRecord<String, String> outer = new ConsumerRecord<>("a", 0, 1L, "k", "v");
		ConsumerRecord<String, String> inner = new ConsumerRecord<>("b", 0, 2L, "k", "v");
		try (CurrentRecord.Scope o = CurrentRecord.bind(outer)) {
			try (CurrentRecord.Scope i = CurrentRecord.bind(inner)) {
				assertThat(CurrentRecord.get()).containsSame(inner);
			}
			assertThat(CurrentRecord.get()).containsSame(outer);
		}
		assertThat(CurrentRecord.get()).isEmpty();
	}

}
