package io.github.reliablemessaging.sample.order;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as an RFC 9457 problem detail ({@code application/problem+json}) with a sentence saying what is
 * wrong; invalid fields are listed under {@code errors}. Never a stack trace: unexpected failures are logged here and
 * answered with a 500 that says only that.
 */
@RestControllerAdvice(basePackages = "io.github.reliablemessaging.sample")
public class ApiErrors extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	@ExceptionHandler(OrderNotFoundException.class)
	ProblemDetail notFound(OrderNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Order not found", ex.getMessage());
	}

	@ExceptionHandler(IllegalTransitionException.class)
	ProblemDetail conflict(IllegalTransitionException ex) {
		return problem(HttpStatus.CONFLICT, "Transition not allowed", ex.getMessage());
	}

	@ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
	ProblemDetail invalid(jakarta.validation.ConstraintViolationException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getConstraintViolations().stream()
			.map((v) -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage()).sorted()
			.reduce((a, b) -> a + "; " + b).orElse("invalid request"));
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return (dot >= 0) ? path.substring(dot + 1) : path;
	}

	@ExceptionHandler(RuntimeException.class)
	ProblemDetail unexpected(RuntimeException ex) {
		log.error("Request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"the request failed (" + ex.getClass().getSimpleName() + "); the service log has the details");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream().map((error) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("field", error.getField());
			item.put("rejected", error.getRejectedValue());
			item.put("message", error.getDefaultMessage());
			return item;
		}).toList();
		ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request", errors.stream()
			.map((e) -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b).orElse("invalid request"));
		body.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(body);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> messages = ex.getParameterValidationResults().stream()
			.flatMap((result) -> result.getResolvableErrors().stream()
				.map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "Invalid request", String.join("; ", messages)));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "value";
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
				name + " must be a " + simpleType(ex.getRequiredType()) + ", was '" + ex.getValue() + "'"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Unreadable request body",
				"the body must be a JSON object like {\"userId\": 42, \"amount\": 19.99}"));
	}

	private static String simpleType(Class<?> type) {
		if (type == null) {
			return "value";
		}
		return (type == long.class || type == Long.class || type == int.class || type == Integer.class) ? "number"
				: type.getSimpleName();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
