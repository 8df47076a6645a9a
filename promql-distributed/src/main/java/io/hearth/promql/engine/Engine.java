package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.PosRange;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.planner.Fragment;
import io.hearth.promql.planner.FragmentExecutor;
import io.hearth.promql.planner.FragmentResult;
import io.hearth.promql.planner.PartialSeries;
import io.hearth.promql.planner.Pushdown;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.StringValue;
import io.hearth.promql.value.Value;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The single-node PromQL engine with Prometheus 3.x semantics (delayed name removal, left-open
 * range windows, {@code @}/negative offsets, experimental functions enabled). Stateless apart from
 * its options, hence thread-safe: each query gets its own {@link QueryContext} and one querier
 * spanning every time the query reads.
 */
public final class Engine implements QueryEngine {
  private final EngineOptions options;
  private final FragmentExecutor fragments;

  public Engine(EngineOptions options) {
    this(options, null);
  }

  /**
   * An engine for a cluster's coordinator: aggregations that {@link Pushdown} deems pushable are
   * evaluated by sending a {@link Fragment} through {@code fragments} and merging the shards'
   * partials; everything else reads the {@link Queryable} given to each query as usual. A null
   * executor gives the single-node engine.
   */
  public Engine(EngineOptions options, FragmentExecutor fragments) {
    this.options = options;
    this.fragments = fragments;
  }

  /**
   * The shard side of a pushed-down aggregation: evaluates {@code f} over {@code storage} (the
   * shard's partitions) into partial states and the annotations that arose. Never pushes further.
   *
   * @throws PromQLException as a query would (the caller ships it to the coordinator)
   * @throws StorageException from {@code storage} unchanged
   */
  public FragmentResult evaluateFragment(Queryable storage, Fragment f) {
    long deadline = System.nanoTime() + Math.min(options.timeoutMs(), f.timeoutMs()) * 1_000_000L;
    Expr root = Parser.parseExpr(f.query());
    AggregateExpr agg = Pushdown.find(root, new PosRange(f.exprStart(), f.exprEnd()));
    if (agg == null || !Pushdown.pushable(agg)) {
      throw new PromQLException(PromQLException.ErrorType.INTERNAL, "no pushable aggregation at "
          + f.exprStart() + ".." + f.exprEnd() + " of " + f.query());
    }
    EngineOptions o = new EngineOptions(f.lookbackMs(), options.maxSamples(), options.timeoutMs());
    QueryContext probe = new QueryContext(f.query(), null, o, f.queryStart(), f.queryEnd(), f.queryStep(),
        f.rangeQuery(), deadline);
    long[] bounds = TimeBounds.of(agg, probe, f.start(), f.end());
    try (Querier querier = storage.querier(bounds[0], bounds[1])) {
      QueryContext ctx = new QueryContext(f.query(), querier, o, f.queryStart(), f.queryEnd(), f.queryStep(),
          f.rangeQuery(), deadline);
      ctx.statsDecoded = StatsDecoding.selectors(root);
      List<PartialSeries> parts = AggregationEval.partial(new Evaluator(ctx, f.start(), f.end(), f.interval()), agg);
      return new FragmentResult(parts, ctx.annotations.warnings(), ctx.annotations.infos());
    }
  }

  @Override
  public QueryResult instantQuery(Queryable storage, String query, long timeMs) {
    return execute(storage, query, timeMs, timeMs, 0, false);
  }

  @Override
  public QueryResult rangeQuery(Queryable storage, String query, long startMs, long endMs, long stepMs) {
    if (stepMs <= 0) {
      throw PromQLException.parse("zero or negative query resolution step widths are not accepted. "
          + "Try a positive integer");
    }
    if (endMs < startMs) {
      throw PromQLException.parse("end timestamp must not be before start time");
    }
    return execute(storage, query, startMs, endMs, stepMs, true);
  }

  private QueryResult execute(Queryable storage, String query, long start, long end, long step, boolean range) {
    long t0 = System.nanoTime();
    long deadline = t0 + options.timeoutMs() * 1_000_000L;
    Expr expr = Parser.parseExpr(query);
    if (range && expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
      // Prometheus names the documented type here ("range vector", "string"), not the API's "matrix".
      String documented = expr.type() == ValueType.MATRIX ? "range vector" : expr.type() == ValueType.STRING ? "string" : expr.type().apiName();
      throw PromQLException.parse("invalid expression type \"" + documented
          + "\" for range query, must be Scalar or instant Vector");
    }
    long t1 = System.nanoTime();
    QueryContext probe = new QueryContext(query, null, options, start, end, step, range, deadline);
    long[] bounds = TimeBounds.of(expr, probe, start, end);
    Querier querier;
    try {
      querier = storage.querier(bounds[0], bounds[1]);
    } catch (StorageException e) {
      throw storageError(e);
    }
    try {
      QueryContext ctx = new QueryContext(query, querier, options, start, end, step, range, deadline);
      ctx.fragments = fragments;
      ctx.checkTimeoutNow();
      ctx.statsDecoded = StatsDecoding.selectors(expr);
      Evaluator ev = new Evaluator(ctx, start, end, range ? step : 1);
      long t2 = System.nanoTime();
      Value value;
      if (expr.type() == ValueType.STRING) {
        value = new StringValue(start, ((StringLiteral) Expr.unwrapParens(expr)).value());
      } else {
        List<EvalSeries> result = Cleanup.dropNames(ev.series(expr));
        ctx.checkTimeoutNow();
        value = toValue(expr.type(), result, start, range);
      }
      long t3 = System.nanoTime();
      QueryStats stats = new QueryStats(ctx.totalSamples, ctx.peakSamples, (t3 - t0) / 1e9, 0, (t2 - t1) / 1e9,
          (t3 - t2) / 1e9, 0);
      return new QueryResult(value, ctx.annotations.warnings(), ctx.annotations.infos(), stats);
    } catch (StorageException e) {
      throw storageError(e);
    } finally {
      querier.close();
    }
  }

  private static PromQLException storageError(StorageException e) {
    if (e instanceof StorageException.Overloaded || e instanceof StorageException.Unavailable
        || e instanceof StorageException.NotOwner) {
      return new PromQLException(PromQLException.ErrorType.UNAVAILABLE, e.getMessage(), e);
    }
    return new PromQLException(PromQLException.ErrorType.EXECUTION, e.getMessage(), e);
  }

  private static Value toValue(ValueType type, List<EvalSeries> result, long start, boolean range) {
    if (!range && type == ValueType.VECTOR) {
      List<Sample> samples = new ArrayList<>(result.size());
      for (EvalSeries s : result) {
        if (s.hn > 0) {
          samples.add(new Sample(s.labels, start, 0, s.hv[0]));
        } else if (s.fn > 0) {
          samples.add(Sample.ofFloat(s.labels, start, s.fv[0]));
        }
      }
      return new Vector(samples);
    }
    if (!range && type == ValueType.SCALAR) {
      double v = result.isEmpty() || result.get(0).fn == 0 ? Double.NaN : result.get(0).fv[0];
      return new Scalar(start, v);
    }
    List<EvalSeries> sorted = new ArrayList<>(result);
    sorted.sort((a, b) -> a.labels.compareTo(b.labels));
    List<RangeSeries> series = new ArrayList<>(sorted.size());
    for (EvalSeries s : sorted) {
      if (s.size() == 0) {
        continue;
      }
      series.add(new RangeSeries(s.labels, Arrays.copyOf(s.ft, s.fn), Arrays.copyOf(s.fv, s.fn), s.fn,
          Arrays.copyOf(s.ht, s.hn), Arrays.copyOf(s.hv, s.hn, FloatHistogram[].class), s.hn));
    }
    return new Matrix(series);
  }

  static Labels noLabels() {
    return Labels.EMPTY;
  }
}
