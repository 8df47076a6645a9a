package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Selectors;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.parser.Parser;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.exemplar.ExemplarQueryable;
import io.hearth.sharding.exemplar.ExemplarSeries;
import java.util.List;

/**
 * {@code GET/POST /api/v1/query_exemplars}: Prometheus's handler. The query's vector selectors
 * choose the series; the answer is every exemplar in {@code [start, end]} of those series, series in
 * label order, each series' exemplars oldest first:
 * {@code [{"seriesLabels":{...},"exemplars":[{"labels":{...},"value":"1.5","timestamp":1.234}]}]}.
 * A query without selectors ({@code 1 + 1}) is answered 204 without a body, as Prometheus.
 */
public final class ExemplarsApi {
  private final ExemplarQueryable exemplars;

  public ExemplarsApi(ExemplarQueryable exemplars) {
    this.exemplars = exemplars;
  }

  public ApiResponse queryExemplars(ApiRequest r) {
    long start = Params.time(r, "start", Params.MIN_TIME_MS);
    long end = Params.time(r, "end", Params.MAX_TIME_MS);
    if (end < start) throw ApiException.badData("end timestamp must not be before start timestamp");
    String q = r.param("query");
    Expr expr;
    try {
      expr = Parser.parseExpr(q == null ? "" : q);
    } catch (PromQLException e) {
      throw ApiException.badData(e.getMessage());
    }
    List<List<Matcher>> selectors = Selectors.of(expr);
    // Prometheus's handler returns no data, which its API answers with 204 and no body.
    if (selectors.isEmpty()) return ApiResponse.empty(204);
    List<ExemplarSeries> found;
    try {
      found = exemplars.select(start, end, selectors);
    } catch (StorageException.Unavailable e) {
      throw ApiException.unavailable(e.getMessage());
    }
    return QueryApi.success(g -> {
      g.writeStartArray();
      for (ExemplarSeries s : found) {
        g.writeStartObject();
        g.writeFieldName("seriesLabels");
        PromJson.writeLabels(g, s.seriesLabels());
        g.writeArrayFieldStart("exemplars");
        for (Exemplar e : s.exemplars()) {
          g.writeStartObject();
          g.writeFieldName("labels");
          PromJson.writeLabels(g, e.labels());
          g.writeStringField("value", PromJson.formatFloat(e.value()));
          g.writeFieldName("timestamp");
          PromJson.writeTimestamp(g, e.timestamp());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }, null, null);
  }
}
