package io.github.reliablemessaging.sample.load;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.reliablemessaging.sample.order.OrderEvent;
import io.github.reliablemessaging.sample.order.OrderStatus;
import io.github.reliablemessaging.sharding.SlotIdGenerator;
import io.github.reliablemessaging.sharding.Slots;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo drivers (admin only): {@code POST /load} starts a load run, {@code GET /load/{id}} follows it,
 * {@code POST /load/poison} publishes one malformed order event that the fulfilment listener keeps failing on (for
 * the skip drill).
 */
@RestController
public class LoadController {

	private final LoadGenerator generator;

	private final KafkaTemplate<Object, Object> kafka;

	private final JsonMapper json;

	private final SlotIdGenerator ids;

	private final String topic;

	LoadController(LoadGenerator generator, KafkaTemplate<Object, Object> kafka, JsonMapper json, SlotIdGenerator ids,
			@Value("${sample.topics.order-events.name}") String topic) {
		this.generator = generator;
		this.kafka = kafka;
		this.json = json;
		this.ids = ids;
		this.topic = topic;
	}

	@PostMapping("/load")
	public ResponseEntity<Map<String, Object>> start(@Valid @RequestBody LoadRequest request) {
		LoadGenerator.Job job = this.generator.start(request.toSpec());
		return ResponseEntity.accepted().body(job.view());
	}

	@GetMapping("/load")
	public List<Map<String, Object>> jobs() {
		Collection<LoadGenerator.Job> jobs = this.generator.jobs();
		return jobs.stream().map(LoadGenerator.Job::view).toList();
	}

	@GetMapping("/load/{id}")
	public ResponseEntity<Object> job(@PathVariable String id) {
		LoadGenerator.Job job = this.generator.job(id);
		if (job == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no load run '" + id + "'");
			problem.setTitle("Load run not found");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		}
		return ResponseEntity.ok(job.view());
	}

	/**
	 * Publishes an order event with version 0, which the fulfilment listener refuses on every attempt.
	 * @return where it went
	 * @throws Exception when Kafka does not acknowledge it
	 */
	@PostMapping("/load/poison")
	public Map<String, Object> poison() throws Exception {
		long userId = 999_999;
		long orderNo = this.ids.next(Slots.of(256).slotOf(userId));
		OrderEvent event = new OrderEvent(Long.toString(orderNo), userId, OrderStatus.PAID, 0, BigDecimal.ONE,
				System.currentTimeMillis());
		SendResult<Object, Object> sent = this.kafka.send(this.topic, event.orderNo(), this.json.writeValueAsString(event))
			.get(30, TimeUnit.SECONDS);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("topic", sent.getRecordMetadata().topic());
		view.put("partition", sent.getRecordMetadata().partition());
		view.put("offset", sent.getRecordMetadata().offset());
		view.put("key", event.orderNo());
		return view;
	}

	/**
	 * A load run.
	 *
	 * @param orders number of orders (1 to 1 000 000)
	 * @param users number of buyers (1 to 1 000 000)
	 * @param firstUserId first buyer id (default 1)
	 * @param duplicates share of events delivered twice, 0 to 1 (default 0)
	 * @param cancelled share of orders cancelled, 0 to 1 (default 0.1)
	 * @param threads orders driven in parallel, 1 to 64 (default 4)
	 * @param seed random seed (default 42)
	 */
	public record LoadRequest(@Min(1) @Max(1_000_000) int orders, @Min(1) @Max(1_000_000) int users,
			@Min(1) Long firstUserId, @DecimalMin("0") @DecimalMax("1") Double duplicates,
			@DecimalMin("0") @DecimalMax("1") Double cancelled, @Min(1) @Max(64) Integer threads, Long seed) {

		LoadGenerator.LoadSpec toSpec() {
			return new LoadGenerator.LoadSpec(this.orders, this.users, (this.firstUserId != null) ? this.firstUserId : 1,
					(this.duplicates != null) ? this.duplicates : 0, (this.cancelled != null) ? this.cancelled : 0.1,
					(this.threads != null) ? this.threads : 4, (this.seed != null) ? this.seed : 42);
		}

	}

}
