package io.hearth.scrape.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * A source of scrape targets (static list, files, later Kubernetes).
 *
 * <p>Contract: after {@link #start(Consumer)} the discoverer delivers updates on its own thread
 * (never the caller's). The <em>first</em> update carries the full set of target groups known at
 * start (possibly empty); every later update carries only the groups that changed, each replacing
 * the previous group with the same {@link TargetGroup#source()}; a group with no targets removes
 * that source. Updates are delivered one at a time, in order. {@link #close()} stops discovery and
 * releases its threads; no update is delivered after it returns.
 */
public interface Discoverer extends AutoCloseable {
  void start(Consumer<List<TargetGroup>> updates);

  @Override
  void close();
}
