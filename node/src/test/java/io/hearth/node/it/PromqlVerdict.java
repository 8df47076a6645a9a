package io.hearth.node.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * How one query of {@code it/promql-queries.txt} counts against Prometheus 2.42, given whether it
 * answered the same and the reason {@code it/promql-known-differences.txt} lists for it (null when
 * unlisted): the same and unlisted is {@link #IDENTICAL}, different and listed {@link #KNOWN};
 * different and unlisted {@link #FAIL}s, and so does the same but listed ({@link #STALE}: the list
 * must shrink as Hearth or the queries change).
 */
enum PromqlVerdict {
  IDENTICAL,
  KNOWN,
  FAIL,
  STALE;

  static PromqlVerdict of(boolean same, String reason) {
    if (same) return reason == null ? IDENTICAL : STALE;
    return reason == null ? FAIL : KNOWN;
  }

  /** The failure to report for {@code query}, null for {@link #IDENTICAL} and {@link #KNOWN}. */
  String failure(String query, String reason, List<String> differences) {
    return switch (this) {
      case IDENTICAL, KNOWN -> null;
      case STALE -> "listed as a known difference (" + reason + ") but answers the same: " + query;
      case FAIL -> "differs from prometheus 2.42: " + query + "\n    " + String.join("\n    ", differences);
    };
  }

  /** {@code task(0..tasks-1)} on {@code threads} threads, the results in task order. */
  static <T> List<T> inParallel(int threads, int tasks, IntFunction<T> task, long timeout, TimeUnit unit) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        futures.add(pool.submit(() -> task.apply(n)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) out.add(f.get(timeout, unit));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
