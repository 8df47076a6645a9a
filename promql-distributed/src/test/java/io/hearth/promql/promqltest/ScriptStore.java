package io.hearth.promql.promqltest;

import io.hearth.promql.engine.QueryEngine;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.function.Supplier;

/**
 * What a script runs against: where its {@code load}s are appended ({@code appenders} gives one per
 * load, committed or rolled back by the runner), the engine its evals go to and the storage that
 * engine reads. {@link ScriptRunner} takes a fresh one for each file and each {@code clear}, and
 * closes it ({@code onClose}).
 */
record ScriptStore(Supplier<Appender> appenders, QueryEngine engine, Queryable storage, Runnable onClose)
    implements AutoCloseable {
  /** The single-node setup: one in-memory {@link Head} with all the data, queried by {@code engine}. */
  static ScriptStore singleHead(QueryEngine engine) {
    Head head = Head.inMemory(HeadOptions.defaults());
    return new ScriptStore(head::appender, engine, head, head::close);
  }

  Appender appender() {
    return appenders.get();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
