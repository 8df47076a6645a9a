package io.hearth.promql.cache;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SettledData;
import io.hearth.sharding.api.WeightedLru;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link QueryEngine} that keeps range query results over settled data and evaluates only the
 * steps it does not hold: a dashboard that refreshes "the last hour" every 30 seconds evaluates the
 * few newest steps, not sixty.
 *
 * <p>Exact, not approximate. A result is kept only for steps at or before the storage's
 * bound of the storage's {@link SettledData.State}, tagged with that state's epoch, taken before it
 * was computed, and used only while the epoch is unchanged: a backfill, a late sample or retention
 * drops it. Only queries whose steps each read samples at or before the step's own time are kept
 * (no {@code @}, no negative or computed offsets, literal ranges and steps, no {@code anchored} or
 * {@code smoothed}, none of the functions {@code start()}, {@code end()} and {@code range()}), so a step's value depends only on settled samples and the step's time, and a
 * sub-range evaluates each step as the whole range would. Results with annotations or histogram
 * points are not kept (annotations cannot be attributed to steps; histograms are mutable objects).
 *
 * <p>Entries are keyed by the query text, the step and the start's phase modulo the step (the step
 * times a later query shares). One extent per key, the newest query's settled steps; least
 * recently used extents go first when the byte budget is full. Instant queries pass through.
 *
 * <p>Two differences from evaluating every step, both documented: the samples statistics of a
 * partly cached query count only what was evaluated, and the sample limit applies to the evaluated
 * part. Thread-safe.
 */
public final class RangeResultCache implements QueryEngine {
  private final QueryEngine engine;
  private final long maxBytes;
  private final WeightedLru<Key, Extent> extents;
  private final LongAdder hits = new LongAdder();
  private final LongAdder partialHits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Keeps at most {@code maxBytes} (estimated heap bytes) of results; 0 passes every query through. */
  public RangeResultCache(QueryEngine engine, long maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("negative cache size " + maxBytes);
    this.engine = engine;
    this.maxBytes = maxBytes;
    this.extents = new WeightedLru<>(maxBytes, Extent::bytes);
  }

  private record Key(String query, long step, long phase) {}

  /** Steps {@code [from, to]} of one query over {@code source}, each series' points within them, as of {@code epoch}. */
  private record Extent(SettledData source, long from, long to, long epoch, List<RangeSeries> series, long bytes) {}

  @Override
  public QueryResult instantQuery(Queryable storage, String query, long timeMs) {
    return engine.instantQuery(storage, query, timeMs);
  }

  @Override
  public QueryResult rangeQuery(Queryable storage, String query, long start, long end, long step) {
    if (maxBytes == 0 || step <= 0 || end < start || !cacheable(query)) {
      return engine.rangeQuery(storage, query, start, end, step); // no state asked: on a cluster it is a call per node
    }
    SettledData settled = storage.settledData();
    SettledData.State state = settled.state(); // taken before the evaluation reads anything
    long settledUntil = state.settledUntil();
    long epoch = state.epoch();
    if (settledUntil < start) return engine.rangeQuery(storage, query, start, end, step);
    Key key = new Key(query, step, Math.floorMod(start, step));
    long lastSettled = start + Math.floorDiv(Math.min(end, settledUntil) - start, step) * step;

    Extent have = lookup(key, settled, epoch);
    QueryResult result;
    if (have != null && have.from <= start && start <= have.to + step) {
      long cachedTo = Math.min(have.to, end);
      List<RangeSeries> cached = slice(have.series, start, cachedTo);
      if (cachedTo >= end) {
        hits.increment();
        result = new QueryResult(new Matrix(cached), List.of(), List.of(), null);
      } else {
        partialHits.increment();
        QueryResult fresh = engine.rangeQuery(storage, query, cachedTo + step, end, step);
        result = new QueryResult(new Matrix(merge(cached, ((Matrix) fresh.value()).series())), fresh.warnings(),
            fresh.infos(), fresh.stats());
      }
    } else {
      misses.increment();
      result = engine.rangeQuery(storage, query, start, end, step);
    }
    // Keep this query's settled steps unless the extent it used already holds all of them and more.
    boolean newer = have == null || start < have.from || start > have.to + step || lastSettled > have.to;
    if (newer && lastSettled >= start && result.warnings().isEmpty() && result.infos().isEmpty()
        && result.value() instanceof Matrix m && floatsOnly(m)) {
      List<RangeSeries> keep = slice(m.series(), start, lastSettled);
      store(key, new Extent(settled, start, lastSettled, epoch, keep, weigh(keep)));
    }
    return result;
  }

  /** Hits answered from the cache alone. */
  public long hits() {
    return hits.sum();
  }

  /** Hits that evaluated only the newer steps. */
  public long partialHits() {
    return partialHits.sum();
  }

  /** Cacheable queries evaluated in full. */
  public long misses() {
    return misses.sum();
  }

  /** Estimated heap bytes held. */
  public long bytes() {
    return extents.weight();
  }

  private Extent lookup(Key key, SettledData source, long epoch) {
    Extent e = extents.get(key);
    if (e != null && (e.epoch != epoch || e.source != source)) {
      extents.remove(key);
      return null;
    }
    return e;
  }

  private void store(Key key, Extent e) {
    if (e.bytes > maxBytes / 4) {
      extents.remove(key); // one query must not flush every other dashboard's
      return;
    }
    extents.put(key, e);
  }

  // ------------------------------------------------------------------ which queries

  /** Whether every step of {@code query} reads only samples at or before the step, independently of the range. */
  static boolean cacheable(String query) {
    Expr root;
    try {
      root = Parser.parseExpr(query);
    } catch (PromQLException e) {
      return false; // the engine reports it
    }
    return stepLocal(root);
  }

  private static boolean stepLocal(Expr e) {
    if (e instanceof VectorSelector v) {
      return v.at() == null && !v.anchored() && !v.smoothed() && pastOffset(v.offset());
    } else if (e instanceof MatrixSelector m) {
      return m.range().isLiteral() && stepLocal(m.selector());
    } else if (e instanceof SubqueryExpr q) {
      return q.at() == null && pastOffset(q.offset()) && q.range().isLiteral()
          && (q.step() == null || q.step().isLiteral()) && stepLocal(q.expr());
    } else if (e instanceof ParenExpr p) {
      return stepLocal(p.expr());
    } else if (e instanceof UnaryExpr u) {
      return stepLocal(u.expr());
    } else if (e instanceof BinaryExpr b) {
      return stepLocal(b.lhs()) && stepLocal(b.rhs());
    } else if (e instanceof AggregateExpr a) {
      return stepLocal(a.expr()) && (a.param() == null || stepLocal(a.param()));
    } else if (e instanceof Call c) {
      String f = c.function().name();
      if (f.equals("start") || f.equals("end") || f.equals("range")) return false; // the query's range, not the step's
      for (Expr a : c.args()) if (!stepLocal(a)) return false;
      return true;
    }
    return true; // literals
  }

  private static boolean pastOffset(DurationExpr offset) {
    return offset == null || (offset.isLiteral() && offset.seconds(0, 0) >= 0);
  }

  // ------------------------------------------------------------------ series

  private static boolean floatsOnly(Matrix m) {
    for (RangeSeries s : m.series()) if (s.histogramCount > 0) return false;
    return true;
  }

  /** Each series' points with {@code from <= t <= to}; series left without points are dropped. */
  static List<RangeSeries> slice(List<RangeSeries> series, long from, long to) {
    List<RangeSeries> out = new ArrayList<>(series.size());
    for (RangeSeries s : series) {
      int fa = lowerBound(s.floatT, s.floatCount, from);
      int fb = lowerBound(s.floatT, s.floatCount, to + 1);
      int ha = lowerBound(s.histogramT, s.histogramCount, from);
      int hb = lowerBound(s.histogramT, s.histogramCount, to + 1);
      if (fa == 0 && fb == s.floatCount && ha == 0 && hb == s.histogramCount) {
        if (fb > 0 || hb > 0) out.add(s); // whole: shared, never written to
        continue;
      }
      if (fb == fa && hb == ha) continue;
      out.add(new RangeSeries(s.labels, Arrays.copyOfRange(s.floatT, fa, fb), Arrays.copyOfRange(s.floatV, fa, fb),
          fb - fa, Arrays.copyOfRange(s.histogramT, ha, hb), Arrays.copyOfRange(s.histogramV, ha, hb), hb - ha));
    }
    return out;
  }

  private static int lowerBound(long[] t, int n, long x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Older points of {@code cached}, then those of {@code fresh} (all later), per label set; sorted by labels as the engine sorts. */
  static List<RangeSeries> merge(List<RangeSeries> cached, List<RangeSeries> fresh) {
    if (fresh.isEmpty()) return cached;
    if (cached.isEmpty()) return fresh;
    Map<Labels, RangeSeries> byLabels = new HashMap<>(2 * (cached.size() + fresh.size()));
    for (RangeSeries s : cached) byLabels.put(s.labels, s);
    for (RangeSeries f : fresh) {
      RangeSeries c = byLabels.get(f.labels);
      byLabels.put(f.labels, c == null ? f : concat(c, f));
    }
    List<RangeSeries> out = new ArrayList<>(byLabels.values());
    out.sort((a, b) -> a.labels.compareTo(b.labels));
    return out;
  }

  private static RangeSeries concat(RangeSeries a, RangeSeries b) {
    int fn = a.floatCount + b.floatCount;
    long[] ft = Arrays.copyOf(a.floatT, fn);
    double[] fv = Arrays.copyOf(a.floatV, fn);
    System.arraycopy(b.floatT, 0, ft, a.floatCount, b.floatCount);
    System.arraycopy(b.floatV, 0, fv, a.floatCount, b.floatCount);
    int hn = a.histogramCount + b.histogramCount;
    long[] ht = Arrays.copyOf(a.histogramT, hn);
    FloatHistogram[] hv = Arrays.copyOf(a.histogramV, hn);
    System.arraycopy(b.histogramT, 0, ht, a.histogramCount, b.histogramCount);
    System.arraycopy(b.histogramV, 0, hv, a.histogramCount, b.histogramCount);
    return new RangeSeries(a.labels, ft, fv, fn, ht, hv, hn);
  }

  /** Estimated heap bytes: objects, arrays and label strings. */
  private static long weigh(List<RangeSeries> series) {
    long b = 64;
    for (RangeSeries s : series) {
      b += 120 + 16L * s.floatT.length;
      for (int i = 0; i < s.labels.size(); i++) {
        b += 96 + s.labels.name(i).length() + s.labels.value(i).length();
      }
    }
    return b;
  }
}
