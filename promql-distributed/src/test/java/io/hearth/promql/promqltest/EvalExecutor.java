package io.hearth.promql.promqltest;

import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.promqltest.Failure.Category;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.sharding.api.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs one eval against an engine and storage, with the extra evaluations of README §6.4 for
 * instant evals, and returns the first failure (null when the eval passes). Stateless apart from
 * its engine and storage.
 */
final class EvalExecutor {
  /** Queries that read the query's own range resolve differently in range mode (upstream's regex). */
  private static final Pattern QUERY_CONTEXT_FUNCS = Pattern.compile("(start|end|range|step)\\(\\)");
  private static final long MINUTE = 60_000;

  private final QueryEngine engine;
  private final Queryable storage;

  EvalExecutor(QueryEngine engine, Queryable storage) {
    this.engine = engine;
    this.storage = storage;
  }

  Failure run(EvalCommand cmd) {
    return cmd.range ? range(cmd) : instant(cmd);
  }

  private Failure range(EvalCommand cmd) {
    QueryResult r;
    try {
      r = engine.rangeQuery(storage, cmd.query, cmd.start, cmd.end, cmd.step);
    } catch (PromQLException e) {
      return ResultChecker.checkError(cmd, cmd.query, e);
    } catch (RuntimeException | StackOverflowError e) {
      return crash(cmd.query, e);
    }
    Failure f = ResultChecker.checkAnnotations(cmd, cmd.query, r);
    return f != null ? f : ResultChecker.checkValue(cmd, r.value());
  }

  private Failure instant(EvalCommand cmd) {
    Failure f = instantCase(cmd, cmd.query, cmd.evalTime);
    if (f != null) return f;
    for (AtModifierRewrite.Case c : AtModifierRewrite.cases(cmd.query, cmd.evalTime)) {
      f = instantCase(cmd, c.query(), c.evalTimeMs());
      if (f != null) return f.stage() != null ? f : f.in(Failure.AT_REWRITE, c.query() + " at " + c.evalTimeMs() + "ms");
    }
    return null;
  }

  private Failure instantCase(EvalCommand cmd, String query, long t) {
    QueryResult r;
    try {
      r = engine.instantQuery(storage, query, t);
    } catch (PromQLException e) {
      return ResultChecker.checkError(cmd, query, e);
    } catch (RuntimeException | StackOverflowError e) {
      return crash(query, e);
    }
    Failure f = ResultChecker.checkAnnotations(cmd, query, r);
    if (f == null) f = ResultChecker.checkValue(cmd, r.value());
    if (f != null || cmd.excludeFromRangeQuery || QUERY_CONTEXT_FUNCS.matcher(query).find()) return f;

    // The same query in range mode must give the same value at t (the middle step).
    String context = query + " from " + (t - MINUTE) + "ms to " + (t + MINUTE) + "ms step 1m";
    QueryResult rr;
    try {
      rr = engine.rangeQuery(storage, query, t - MINUTE, t + MINUTE, MINUTE);
    } catch (PromQLException e) {
      return Failure.of(Category.UNEXPECTED_ERROR, "error evaluating query in range mode: " + e.getMessage())
          .in(Failure.RANGE_MODE, context);
    } catch (RuntimeException | StackOverflowError e) {
      return crash(query, e).in(Failure.RANGE_MODE, context);
    }
    if (cmd.isOrdered()) return null; // range results are always sorted by labels
    if (!(rr.value() instanceof Matrix)) {
      return Failure.of(Category.WRONG_TYPE, "range query returned " + rr.value().resultType())
          .in(Failure.RANGE_MODE, context);
    }
    Matrix m = (Matrix) rr.value();
    f = ResultChecker.sorted(m);
    if (f != null) return f.in(Failure.RANGE_MODE, context);
    List<Sample> vec = new ArrayList<>(m.series().size());
    for (RangeSeries s : m.series()) {
      for (int i = 0; i < s.floatCount; i++) {
        if (s.floatT[i] == t) {
          vec.add(Sample.ofFloat(s.labels, t, s.floatV[i]));
          break;
        }
      }
      for (int i = 0; i < s.histogramCount; i++) {
        if (s.histogramT[i] == t) {
          vec.add(new Sample(s.labels, t, 0, s.histogramV[i]));
          break;
        }
      }
    }
    if (r.value() instanceof Scalar) {
      if (vec.isEmpty()) {
        return Failure.of(Category.WRONG_POINTS, "no point at t=" + t + "ms for the scalar").in(Failure.RANGE_MODE, context);
      }
      f = ResultChecker.checkValue(cmd, new Scalar(t, vec.get(0).f()));
    } else {
      f = ResultChecker.vector(cmd, vec);
    }
    return f == null ? null : f.in(Failure.RANGE_MODE, context);
  }

  private static Failure crash(String query, Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    String where = st.length > 0 ? " at " + st[0] : "";
    return Failure.of(Category.ENGINE_CRASH, e.getClass().getSimpleName(),
        "engine threw " + e + where + " evaluating query " + ResultChecker.quote(query));
  }
}
