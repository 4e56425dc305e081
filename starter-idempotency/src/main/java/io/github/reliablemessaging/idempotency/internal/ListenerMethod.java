package io.github.reliablemessaging.idempotency.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;

import io.github.reliablemessaging.idempotency.IdempotencyKeyException;
import io.github.reliablemessaging.idempotency.IdempotentListener;
import io.github.reliablemessaging.kafka.CurrentRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.adapter.ConsumerRecordMetadata;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * An {@link IdempotentListener} method, analysed once: its parsed key and shard key expressions, the resolved
 * consumer group, where its payload and record parameters are. Evaluates the expressions for one invocation.
 */
final class ListenerMethod {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

	private final String name;

	private final String keySource;

	private final Expression key;

	private final String shardKeySource;

	private final Expression shardKey;

	private final String group;

	private final String[] parameterNames;

	private final int payloadIndex;

	private final int recordIndex;

	private ListenerMethod(Method method, IdempotentListener annotation, UnaryOperator<String> placeholders) {
		this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(..)";
		this.keySource = annotation.key();
		this.key = parse("key", annotation.key());
		this.shardKeySource = annotation.shardKey();
		this.shardKey = annotation.shardKey().isBlank() ? null : parse("shardKey", annotation.shardKey());
		String resolvedGroup = annotation.group().isBlank() ? null : placeholders.apply(annotation.group());
		this.group = (resolvedGroup == null || resolvedGroup.isBlank()) ? null : resolvedGroup;
		String[] discovered = NAMES.getParameterNames(method);
		this.parameterNames = (discovered != null) ? discovered : new String[0];
		this.recordIndex = indexOfRecordParameter(method);
		this.payloadIndex = indexOfPayloadParameter(method);
	}

	/**
	 * Analyses a method; fails with a message naming the method when the annotation cannot work on it.
	 * @param method the annotated method (of the user class)
	 * @param placeholders resolves {@code ${...}} in the group
	 * @return the analysed method
	 */
	static ListenerMethod of(Method method, UnaryOperator<String> placeholders) {
		IdempotentListener annotation = AnnotatedElementUtils.findMergedAnnotation(method, IdempotentListener.class);
		if (annotation == null) {
			throw new IllegalStateException(method + " is not annotated with @IdempotentListener");
		}
		String where = "@IdempotentListener on " + method.toGenericString();
		int modifiers = method.getModifiers();
		if (Modifier.isPrivate(modifiers) || Modifier.isFinal(modifiers) || Modifier.isStatic(modifiers)) {
			throw new IllegalStateException(where + ": the method must not be private, final or static, otherwise the "
					+ "idempotency proxy cannot intercept it");
		}
		if (Modifier.isFinal(method.getDeclaringClass().getModifiers())) {
			throw new IllegalStateException(where + ": the class must not be final, otherwise the idempotency proxy "
					+ "cannot intercept its methods");
		}
		if (method.getReturnType().isPrimitive() && method.getReturnType() != void.class) {
			throw new IllegalStateException(where + ": a skipped duplicate returns null, so the method must return void or "
					+ "an object, not " + method.getReturnType());
		}
		KafkaListener kafkaListener = AnnotatedElementUtils.findMergedAnnotation(method, KafkaListener.class);
		if (kafkaListener != null && "true".equalsIgnoreCase(kafkaListener.batch())) {
			throw new IllegalStateException(where + ": batch listeners are not supported; idempotency works per record");
		}
		if (annotation.key() == null || annotation.key().isBlank()) {
			throw new IllegalStateException(where + ": key must be a SpEL expression, e.g. key = \"#payload.eventId\"");
		}
		try {
			return new ListenerMethod(method, annotation, placeholders);
		}
		catch (ExpressionException | IllegalStateException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage(), ex);
		}
	}

	private static Expression parse(String attribute, String source) {
		try {
			return PARSER.parseExpression(source);
		}
		catch (ExpressionException ex) {
			throw new IllegalStateException(attribute + " expression '" + source + "' cannot be parsed: " + ex.getMessage(), ex);
		}
	}

	private static int indexOfRecordParameter(Method method) {
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			if (ConsumerRecord.class.isAssignableFrom(types[i])) {
				return i;
			}
		}
		return -1;
	}

	private static int indexOfPayloadParameter(Method method) {
		Annotation[][] annotations = method.getParameterAnnotations();
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			if (has(annotations[i], Payload.class)) {
				return i;
			}
		}
		for (int i = 0; i < types.length; i++) {
			if (!has(annotations[i], Header.class) && !has(annotations[i], Headers.class) && !isInfrastructure(types[i])) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isInfrastructure(Class<?> type) {
		return ConsumerRecord.class.isAssignableFrom(type) || Acknowledgment.class.isAssignableFrom(type)
				|| Consumer.class.isAssignableFrom(type) || ConsumerRecordMetadata.class.isAssignableFrom(type);
	}

	private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
		for (Annotation annotation : annotations) {
			if (type.isInstance(annotation)) {
				return true;
			}
		}
		return false;
	}

	/** @return {@code Class.method(..)}, for messages */
	String name() {
		return this.name;
	}

	/** @return the group from the annotation, or null to use the container's */
	String group() {
		return this.group;
	}

	/** @return true when a shard key expression is set */
	boolean sharded() {
		return this.shardKey != null;
	}

	/**
	 * The record of an invocation: the {@code ConsumerRecord} parameter, else the one bound to the thread.
	 * @param args invocation arguments
	 * @return the record, or null when unknown
	 */
	ConsumerRecord<?, ?> record(Object[] args) {
		if (this.recordIndex >= 0 && this.recordIndex < args.length && args[this.recordIndex] != null) {
			return (ConsumerRecord<?, ?>) args[this.recordIndex];
		}
		return CurrentRecord.get().orElse(null);
	}

	EvaluationContext context(Object[] args, ConsumerRecord<?, ?> record) {
		StandardEvaluationContext context = new StandardEvaluationContext();
		context.setVariable("payload", payload(args, record));
		context.setVariable("record", record);
		context.setVariable("headers", new RecordHeaders((record != null) ? record.headers() : null));
		context.setVariable("key", (record != null) ? record.key() : null);
		context.setVariable("topic", (record != null) ? record.topic() : null);
		context.setVariable("partition", (record != null) ? record.partition() : null);
		context.setVariable("offset", (record != null) ? record.offset() : null);
		// parameters are set last: a parameter named like a variable (e.g. "key") is what its author sees
		for (int i = 0; i < this.parameterNames.length && i < args.length; i++) {
			context.setVariable(this.parameterNames[i], args[i]);
		}
		return context;
	}

	private Object payload(Object[] args, ConsumerRecord<?, ?> record) {
		if (this.payloadIndex >= 0 && this.payloadIndex < args.length) {
			Object arg = args[this.payloadIndex];
			return (arg instanceof Message<?> message) ? message.getPayload() : arg;
		}
		return (record != null) ? record.value() : null;
	}

	/**
	 * @param context from {@link #context}
	 * @param record for messages
	 * @return the key, never blank
	 * @throws IdempotencyKeyException when the expression fails or yields null or a blank value
	 */
	String key(EvaluationContext context, ConsumerRecord<?, ?> record) {
		Object value = evaluate("key", this.key, this.keySource, context, record);
		String text = String.valueOf(value);
		if (text.isBlank()) {
			throw new IdempotencyKeyException(describe("key", this.keySource, record) + " evaluated to a blank value; "
					+ "every record needs a non-blank idempotency key", null);
		}
		return text;
	}

	/**
	 * @param context from {@link #context}
	 * @param record for messages
	 * @return the shard key, never null
	 */
	Object shardKey(EvaluationContext context, ConsumerRecord<?, ?> record) {
		return evaluate("shardKey", this.shardKey, this.shardKeySource, context, record);
	}

	private Object evaluate(String attribute, Expression expression, String source, EvaluationContext context,
			ConsumerRecord<?, ?> record) {
		Object value;
		try {
			value = expression.getValue(context);
		}
		catch (ExpressionException | ClassCastException ex) {
			throw new IdempotencyKeyException(describe(attribute, source, record) + " failed: " + ex.getMessage(), ex);
		}
		if (value == null) {
			throw new IdempotencyKeyException(describe(attribute, source, record) + " evaluated to null; every record "
					+ "needs one (is the header, field or parameter it reads present?)", null);
		}
		return value;
	}

	String describe(String attribute, String source, ConsumerRecord<?, ?> record) {
		return "@IdempotentListener " + this.name + ": " + attribute + " expression '" + source + "' for record "
				+ ((record != null) ? record.topic() + "-" + record.partition() + "@" + record.offset() : "(unknown record)");
	}

}
