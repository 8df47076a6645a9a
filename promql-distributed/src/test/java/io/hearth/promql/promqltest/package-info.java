/**
 * The PromQL conformance runner: Prometheus's own test scripts ({@code shared/promql-tests}, format in
 * its README) run unchanged against Hearth's engine over Hearth's real head. {@link
 * io.hearth.promql.promqltest.ScriptParser} reads a script, {@link
 * io.hearth.promql.promqltest.ScriptRunner} executes it, {@link
 * io.hearth.promql.promqltest.EvalExecutor} runs one eval with the extra evaluations upstream does
 * (the {@code @} rewrite and the range-mode check), {@link io.hearth.promql.promqltest.ResultChecker}
 * judges the outcome, and {@link io.hearth.promql.promqltest.PromqlConformanceTest} reports and
 * holds the line with {@code promqltest/known-failures.txt}. {@link
 * io.hearth.promql.promqltest.DistributedConformanceTest} runs the same scripts through the same
 * checks against the distributed engine over 3 in-process shards ({@link
 * io.hearth.promql.promqltest.ScriptStore} is what a run targets), holding the line with {@code
 * promqltest/known-distributed-differences.txt}.
 *
 * <p>This package only observes: it must never change the scripts, relax a comparison to make an
 * eval pass, or reach into engine internals; a failure is fixed in the engine or storage, or listed.
 */
package io.hearth.promql.promqltest;
