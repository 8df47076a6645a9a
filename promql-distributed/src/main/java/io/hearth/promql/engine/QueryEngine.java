package io.hearth.promql.engine;

import io.hearth.sharding.api.Queryable;

/**
 * Evaluates PromQL with Prometheus 3.x semantics against any {@link Queryable}. Thread-safe; one
 * engine serves many concurrent queries. Times are Unix milliseconds.
 *
 * <p>Errors are thrown as {@link PromQLException}: parse errors as {@code BAD_DATA}, runtime errors
 * as {@code EXECUTION}, limits as Prometheus words them ({@code query processing would load too many
 * samples into memory in query execution}, {@code query timed out in ...}).
 */
public interface QueryEngine {
  /** An instant query at {@code timeMs}. */
  QueryResult instantQuery(Queryable storage, String query, long timeMs);

  /** A range query; the result is a {@code Matrix} (or an error). */
  QueryResult rangeQuery(Queryable storage, String query, long startMs, long endMs, long stepMs);
}
