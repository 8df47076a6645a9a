package io.hearth.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.promql.distributed.ClusterFragments;
import io.hearth.promql.distributed.FanOutStorage;
import io.hearth.promql.distributed.InProcessCluster;
import io.hearth.promql.engine.Engine;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.sharding.api.Queryable;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Runs the same upstream scripts as {@link PromqlConformanceTest}, unchanged and checked the same
 * way, against the distributed engine over 3 in-process shards: each {@code load} goes to the shard
 * that serves the series' partition, and the coordinator's engine pushes aggregations down to the
 * shards as fragments (through the codec) and reads every other selector through a fan-out over the
 * shards. Every eval must answer as on a single node; the test fails when an eval not listed in
 * {@code promqltest/known-distributed-differences.txt} fails, or when a listed one passes.
 */
class DistributedConformanceTest {
  private static final int SHARDS = 3;
  private static final int PARTITIONS = 16;
  private static final String KNOWN_DIFFERENCES = "src/test/resources/promqltest/known-distributed-differences.txt";
  private static final String REPORT = "target/promqltest-distributed-report.txt";
  private static final String UPDATE_PROPERTY = "hearth.promqltests.updateKnownDifferences";
  private static final String HEADER = String.join("\n",
      "# PromQL conformance over 3 shards: evals of the upstream scripts (shared/promql-tests/testdata) that do not",
      "# answer over DistributedConformanceTest's cluster as they do on a single node (PromqlConformanceTest).",
      "# One `file:line reason` per line; the line is that of the eval header. DistributedConformanceTest fails when",
      "# an eval not listed here fails, or when a listed one no longer fails: then delete the line.",
      "# Regenerate from the current results (keeping the reasons of entries that still fail):",
      "#   mvn -o -pl sharding,promql-distributed test -Dtest=DistributedConformanceTest \\",
      "#       -Dsurefire.failIfNoSpecifiedTests=false -Dhearth.promqltests.updateKnownDifferences=true",
      "# Details of every failure: promql-distributed/target/promqltest-distributed-report.txt",
      "");

  /** Fragments sent by the coordinators of all clusters, to prove the aggregations went to the shards. */
  private static final LongAdder FRAGMENTS = new LongAdder();

  @Test
  void upstreamScriptsAnswerOverThreeShardsAsOnOneNode() throws IOException {
    PromqlConformanceTest.runScripts(DistributedConformanceTest::newCluster, KNOWN_DIFFERENCES, HEADER,
        UPDATE_PROPERTY, REPORT);
    assertTrue(FRAGMENTS.sum() > 0, "no aggregation was pushed down to the shards");
  }

  /** A fresh cluster whose shards and coordinator use the conformance engine settings. */
  private static ScriptStore newCluster() {
    InProcessCluster cluster = new InProcessCluster(SHARDS, PARTITIONS, PromqlConformanceTest.OPTIONS);
    ClusterFragments fragments = new ClusterFragments(cluster.view("node-0"));
    QueryEngine engine = new Engine(PromqlConformanceTest.OPTIONS, fragments);
    Queryable fanOut = new FanOutStorage(Arrays.asList(cluster.shards));
    return new ScriptStore(cluster::shardAppender, engine, fanOut, () -> {
      FRAGMENTS.add(fragments.fragmentsTotal());
      cluster.close();
    });
  }
}
