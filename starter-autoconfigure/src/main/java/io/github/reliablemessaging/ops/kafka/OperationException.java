package io.github.reliablemessaging.ops.kafka;

/** A refused operation, with the HTTP status an endpoint answers and a reason for the operator. */
public class OperationException extends RuntimeException {

	private final int status;

	/**
	 * @param status HTTP status
	 * @param message reason
	 */
	public OperationException(int status, String message) {
		super(message);
		this.status = status;
	}

	/** @return HTTP status */
	public int status() {
		return this.status;
	}

	/** @param message reason @return a 400 */
	public static OperationException badRequest(String message) {
		return new OperationException(400, message);
	}

	/** @param message reason @return a 404 */
	public static OperationException notFound(String message) {
		return new OperationException(404, message);
	}

	/** @param message reason @return a 409 */
	public static OperationException conflict(String message) {
		return new OperationException(409, message);
	}

	/** @param message reason @return a 503 */
	public static OperationException unavailable(String message) {
		return new OperationException(503, message);
	}

}
