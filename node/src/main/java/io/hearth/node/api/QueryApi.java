package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.metrics.NodeMetrics;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Pretty;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.engine.QueryEngine;
import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.engine.QueryStats;
import io.hearth.promql.parser.Parser;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.Queryable;
import io.hearth.sharding.api.SeriesSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The query side of the Prometheus HTTP API: {@code query}, {@code query_range}, {@code series},
 * {@code labels}, {@code label/<name>/values}, {@code parse_query}, {@code format_query}. Responses
 * match Prometheus's JSON field for field.
 */
public final class QueryApi {
  private static final long MAX_POINTS = 11_000;
  private final Queryable storage;
  private final QueryEngine engine;
  private final NodeMetrics metrics;
  private final LongSupplier clock;

  public QueryApi(Queryable storage, QueryEngine engine, NodeMetrics metrics, LongSupplier clock) {
    this.storage = storage;
    this.engine = engine;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The {@code data} of a successful answer, written into the envelope. */
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * The one envelope of every successful API answer, as Prometheus writes it:
   * {@code {"status":"success","data":...}}.
   */
  public static ApiResponse success(Body data) {
    return success(data, null, null);
  }

  /** As {@link #success(Body)}, with {@code warnings} and {@code infos} when there are any. */
  static ApiResponse success(Body data, List<String> warnings, List<String> infos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = PromJson.generator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeFieldName("data");
      data.write(g);
      if (warnings != null && !warnings.isEmpty()) {
        g.writeArrayFieldStart("warnings");
        for (String w : warnings) g.writeString(w);
        g.writeEndArray();
      }
      if (infos != null && !infos.isEmpty()) {
        g.writeArrayFieldStart("infos");
        for (String w : infos) g.writeString(w);
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ApiResponse.json(200, out.toByteArray());
  }

  /** As Prometheus 3.x: a query that cannot be prepared is an invalid {@code query} parameter. */
  static ApiException fromQueryError(PromQLException e) {
    if (e.errorType() == PromQLException.ErrorType.BAD_DATA) {
      return ApiException.badData("invalid parameter \"query\": " + e.getMessage());
    }
    return fromPromQL(e);
  }

  static ApiException fromPromQL(PromQLException e) {
    switch (e.errorType()) {
      case BAD_DATA: return ApiException.badData(e.getMessage());
      case EXECUTION: return ApiException.execution(e.getMessage());
      case TIMEOUT: return new ApiException(503, "timeout", e.getMessage(), false, null);
      case CANCELED: return new ApiException(503, "canceled", e.getMessage(), false, null);
      case UNAVAILABLE: return ApiException.unavailable(e.getMessage());
      default: return ApiException.internal(e.getMessage());
    }
  }

  private static String query(ApiRequest r) {
    String q = r.param("query");
    return q == null ? "" : q;
  }

  public ApiResponse instant(ApiRequest r) {
    long ts = Params.time(r, "time", clock.getAsLong());
    String q = query(r);
    long start = System.nanoTime();
    QueryResult res;
    try {
      res = engine.instantQuery(storage, q, ts);
    } catch (PromQLException e) {
      metrics.queriesFailed.increment();
      throw fromQueryError(e);
    } finally {
      metrics.queryDuration("instant", (System.nanoTime() - start) / 1e9);
    }
    return result(res, r.param("stats") != null);
  }

  public ApiResponse range(ApiRequest r) {
    long start = Params.time(r, "start", Long.MIN_VALUE);
    if (r.param("start") == null) throw ApiException.badData("invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
    long end = Params.time(r, "end", Long.MIN_VALUE);
    if (r.param("end") == null) throw ApiException.badData("invalid parameter \"end\": cannot parse \"\" to a valid timestamp");
    if (end < start) throw ApiException.badData("end timestamp must not be before start time");
    long step = Params.duration(r, "step");
    if (step <= 0) {
      throw ApiException.badData("zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if ((end - start) / step > MAX_POINTS) {
      throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    long t0 = System.nanoTime();
    QueryResult res;
    try {
      res = engine.rangeQuery(storage, query(r), start, end, step);
    } catch (PromQLException e) {
      metrics.queriesFailed.increment();
      throw fromQueryError(e);
    } finally {
      metrics.queryDuration("range", (System.nanoTime() - t0) / 1e9);
    }
    return result(res, r.param("stats") != null);
  }

  private static ApiResponse result(QueryResult res, boolean stats) {
    return success(g -> {
      g.writeStartObject();
      PromJson.writeResult(g, res.value());
      if (stats) writeStats(g, res.stats() == null ? QueryStats.EMPTY : res.stats());
      g.writeEndObject();
    }, res.warnings(), res.infos());
  }

  private static void writeStats(JsonGenerator g, QueryStats s) throws IOException {
    g.writeObjectFieldStart("stats");
    g.writeObjectFieldStart("timings");
    g.writeNumberField("evalTotalTime", s.execTotalTime());
    g.writeNumberField("resultSortTime", s.resultSortTime());
    g.writeNumberField("queryPreparationTime", s.queryPreparationTime());
    g.writeNumberField("innerEvalTime", s.innerEvalTime());
    g.writeNumberField("execQueueTime", s.execQueueTime());
    g.writeNumberField("execTotalTime", s.execTotalTime());
    g.writeEndObject();
    g.writeObjectFieldStart("samples");
    g.writeNumberField("totalQueryableSamples", s.totalQueryableSamples());
    g.writeNumberField("peakSamples", s.peakSamples());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static List<Matcher[]> matchers(ApiRequest r, boolean required) {
    List<String> ms = r.params("match[]");
    if (ms.isEmpty() && required) throw ApiException.badData("no match[] parameter provided");
    List<Matcher[]> out = new ArrayList<>();
    for (String m : ms) {
      try {
        List<Matcher> l = Parser.parseMetricSelector(m);
        boolean anyNonEmpty = false;
        for (Matcher x : l) anyNonEmpty |= !x.matchesEmpty();
        if (!anyNonEmpty) {
          throw ApiException.badData("match[] must contain at least one non-empty matcher");
        }
        out.add(l.toArray(new Matcher[0]));
      } catch (PromQLException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    return out;
  }

  public ApiResponse series(ApiRequest r) {
    List<Matcher[]> sets = matchers(r, true);
    long start = Params.time(r, "start", Params.MIN_TIME_MS);
    long end = Params.time(r, "end", Params.MAX_TIME_MS);
    int limit = Params.limit(r);
    TreeSet<Labels> found = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      for (Matcher[] m : sets) {
        SeriesSet ss = q.select(false, m);
        while (ss.next()) found.add(ss.at().labels());
      }
    }
    List<String> warnings = new ArrayList<>();
    List<Labels> out = new ArrayList<>(found);
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add("results truncated due to limit");
    }
    List<Labels> fin = out;
    return success(g -> {
      g.writeStartArray();
      for (Labels l : fin) PromJson.writeLabels(g, l);
      g.writeEndArray();
    }, warnings, null);
  }

  public ApiResponse labels(ApiRequest r) {
    List<Matcher[]> sets = matchers(r, false);
    long start = Params.time(r, "start", Params.MIN_TIME_MS);
    long end = Params.time(r, "end", Params.MAX_TIME_MS);
    TreeSet<String> names = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) names.addAll(q.labelNames());
      for (Matcher[] m : sets) names.addAll(q.labelNames(m));
    }
    return strings(new ArrayList<>(names), Params.limit(r));
  }

  public ApiResponse labelValues(ApiRequest r) {
    String path = r.path();
    String prefix = "/api/v1/label/";
    if (!path.endsWith("/values")) throw ApiException.notFound("unknown path " + path);
    String name = path.substring(prefix.length(), path.length() - "/values".length());
    name = decodeLabelName(name);
    if (name.isEmpty() || !validName(name)) throw ApiException.badData("invalid label name: \"" + name + "\"");
    List<Matcher[]> sets = matchers(r, false);
    long start = Params.time(r, "start", Params.MIN_TIME_MS);
    long end = Params.time(r, "end", Params.MAX_TIME_MS);
    TreeSet<String> values = new TreeSet<>();
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) values.addAll(q.labelValues(name));
      for (Matcher[] m : sets) values.addAll(q.labelValues(name, m));
    }
    return strings(new ArrayList<>(values), Params.limit(r));
  }

  /** Prometheus 3.x's {@code U__} escaping of label names in the path (UTF-8 names). */
  static String decodeLabelName(String s) {
    if (!s.startsWith("U__")) return s;
    StringBuilder sb = new StringBuilder();
    int i = 3;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '_' && i + 1 < s.length() && s.charAt(i + 1) == '_') {
        sb.append('_');
        i += 2;
      } else if (c == '_') {
        int close = s.indexOf('_', i + 1);
        if (close < 0) return s;
        try {
          sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, close), 16));
        } catch (NumberFormatException e) {
          return s;
        }
        i = close + 1;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private static boolean validName(String n) {
    return n.codePoints().noneMatch(c -> c == 0xFFFD);
  }

  private static ApiResponse strings(List<String> l, int limit) {
    List<String> warnings = new ArrayList<>();
    List<String> out = l;
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add("results truncated due to limit");
    }
    List<String> fin = out;
    return success(g -> {
      g.writeStartArray();
      for (String s : fin) g.writeString(s);
      g.writeEndArray();
    }, warnings, null);
  }

  public ApiResponse formatQuery(ApiRequest r) {
    try {
      Expr e = Parser.parseExpr(query(r));
      String s = Pretty.format(e);
      return success(g -> g.writeString(s), null, null);
    } catch (PromQLException e) {
      throw fromPromQL(e);
    }
  }

  public ApiResponse parseQuery(ApiRequest r) {
    try {
      Expr e = Parser.parseExpr(query(r));
      return success(g -> AstJson.write(g, e), null, null);
    } catch (PromQLException e) {
      throw fromPromQL(e);
    }
  }
}
