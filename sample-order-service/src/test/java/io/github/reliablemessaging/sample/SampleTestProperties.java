package io.github.reliablemessaging.sample;

/** One property set for every application test, so they share one application context (one set of servers). */
final class SampleTestProperties {

	static final String MODE = "sample.embedded.mode=local";

	static final String ADMIN_PASSWORD = "sample.security.admin.password=admin-test-password";

	static final String VIEWER_PASSWORD = "sample.security.viewer.password=viewer-test-password";

	private SampleTestProperties() {
	}

}
