package io.hearth.promql.engine;

import io.hearth.sharding.api.Labels;

/** Manual debugging entry point over a small fixed data set. */
public final class TestStorageAccess {
  private TestStorageAccess() {}

  public static void run(String query, long t) {
    TestStorage s = new TestStorage();
    for (int i = 0; i <= 100; i++) {
      s.add(Labels.of("__name__", "metric1", "a", "a"), i * 60_000L, i);
    }
    for (int i = 0; i <= 50; i++) {
      s.add(Labels.of("__name__", "metric2", "b", "b"), i * 60_000L, i);
    }
    QueryResult r = new Engine(EngineOptions.defaults()).instantQuery(s, query, t);
    System.out.println(r.value() + " " + r.warnings() + " " + r.infos());
  }
}
