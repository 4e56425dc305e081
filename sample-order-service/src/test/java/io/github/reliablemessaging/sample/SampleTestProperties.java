package io.github.reliablemessaging.sample;

/** One property set for every application test, so they share one application context (one set of servers). */
final class SampleTestProperties {

	static final String MODE = "sample.embedded.mode=local";

	static final String ADMIN_PASSWORD = "sample.security.admin.password=admin-test-password";

	static final String VIEWER_PASSWORD = "sample.security.viewer.password=viewer-test-password";

	/** A fourth MariaDB as a third set {@code set3}: configured and migrated, but EMPTY (not an initial set). */
	static final String THIRD_SET = "sample.embedded.extra-sets=1";

	/** Rows of the slots a set owns: reads of a set's own pool must skip a moved slot's leftover copy. */
	static final String OWNED = "slot IN (SELECT slot FROM slot_owner WHERE state IN ('OWNED', 'FROZEN'))";

	private SampleTestProperties() {
	}

}
