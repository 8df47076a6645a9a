package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import java.util.List;

/**
 * Where exemplars are read: one node's store, or the whole cluster. Thread-safe.
 */
public interface ExemplarQueryable {
  /**
   * The exemplars with {@code start <= t <= end} of every series that all matchers of at least one
   * of {@code selectors} match, series in label order, each series' exemplars oldest first; series
   * without exemplars in the range are left out. No selector selects nothing.
   *
   * @throws StorageException.Unavailable when part of the answer (a node of the cluster) is missing
   */
  List<ExemplarSeries> select(long start, long end, List<List<Matcher>> selectors);
}
