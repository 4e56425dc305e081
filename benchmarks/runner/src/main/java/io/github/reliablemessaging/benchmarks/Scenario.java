package io.github.reliablemessaging.benchmarks;

/**
 * One benchmark scenario: starts what it needs through the {@link ScenarioContext}, runs every system
 * {@link ScenarioContext#repeats()} times alternating them round by round, and records figures and correctness checks
 * in the {@link ScenarioReport}. The runner writes {@code <name>.json}, {@code <name>.md} and {@code <name>.png}.
 *
 * <p>Adding a scenario: implement this interface (a package per scenario, like {@code ordered}) and add an instance
 * to {@link Scenarios#all()}.
 */
public interface Scenario {

	/** @return the name used on the command line and for the result files, e.g. {@code ordered-consumer} */
	String name();

	/** @return one sentence saying what is compared, shown at the top of the Markdown summary */
	String description();

	/**
	 * Runs the scenario.
	 * @param context sizes, infrastructure, peer JVMs
	 * @param report where figures, checks, settings and charts go
	 * @throws Exception if the scenario cannot run; the runner reports it and goes on with the next scenario
	 */
	void run(ScenarioContext context, ScenarioReport report) throws Exception;

}
