package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.metadata.MetadataStore;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.parser.Parser;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/metadata} and {@code GET /api/v1/targets/metadata}, with Prometheus's
 * parameters, shapes and error texts. The first serves every family known from scrapes and remote
 * write; the second the metadata each active scrape target exposed in its last successful scrape.
 */
public final class MetadataApi {
  private final MetadataStore store;
  private final Supplier<List<Labels>> activeTargets;

  /** @param activeTargets the active targets' public labels, in /api/v1/targets order */
  public MetadataApi(MetadataStore store, Supplier<List<Labels>> activeTargets) {
    this.store = store;
    this.activeTargets = activeTargets;
  }

  private static int intParam(ApiRequest r, String name) {
    String s = r.param(name);
    if (s == null || s.isEmpty()) return -1;
    try {
      return Integer.parseInt(s.trim().startsWith("+") ? s.trim().substring(1) : s.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badData(name + " must be a number");
    }
  }

  /** {@code GET /api/v1/metadata?metric=&limit=&limit_per_metric=}: {@code {"<family>":[{type,help,unit}]}}. */
  public ApiResponse metadata(ApiRequest r) {
    int limit = intParam(r, "limit");
    int limitPerMetric = intParam(r, "limit_per_metric");
    String metric = r.param("metric");
    Map<String, List<MetadataStore.Metadata>> all;
    if (metric == null || metric.isEmpty()) {
      all = new java.util.TreeMap<>(store.families()); // Prometheus's JSON has its map keys sorted
    } else {
      List<MetadataStore.Metadata> l = store.family(metric);
      all = l.isEmpty() ? Map.of() : Map.of(metric, l);
    }
    Map<String, List<MetadataStore.Metadata>> res = new LinkedHashMap<>();
    for (Map.Entry<String, List<MetadataStore.Metadata>> e : all.entrySet()) {
      if (limit >= 0 && res.size() >= limit) break;
      List<MetadataStore.Metadata> l = e.getValue();
      if (limitPerMetric > 0 && l.size() > limitPerMetric) l = l.subList(0, limitPerMetric);
      res.put(e.getKey(), l);
    }
    return QueryApi.success(g -> {
      g.writeStartObject();
      for (Map.Entry<String, List<MetadataStore.Metadata>> e : res.entrySet()) {
        g.writeArrayFieldStart(e.getKey());
        for (MetadataStore.Metadata m : e.getValue()) writeMetadata(g, m);
        g.writeEndArray();
      }
      g.writeEndObject();
    }, null, null);
  }

  /** {@code GET /api/v1/targets/metadata?match_target=&metric=&limit=}: a list of per-target entries. */
  public ApiResponse targetMetadata(ApiRequest r) {
    int limit = intParam(r, "limit");
    String matchTarget = r.param("match_target");
    List<Matcher> matchers = null;
    if (matchTarget != null && !matchTarget.isEmpty()) {
      try {
        matchers = Parser.parseMetricSelector(matchTarget);
      } catch (PromQLException e) {
        throw ApiException.badData("invalid parameter \"match_target\": " + e.getMessage());
      }
    }
    String metric = r.param("metric");
    boolean allMetrics = metric == null || metric.isEmpty();
    List<Labels> active = activeTargets.get();
    store.retainTargets(new HashSet<>(active));
    record Row(Labels target, String metric, MetadataStore.Metadata m) {}
    List<Row> res = new ArrayList<>();
    for (Labels t : new LinkedHashSet<>(active)) {
      // As Prometheus: the limit is checked per target, so the last target's entries may pass it.
      if (limit >= 0 && res.size() >= limit) break;
      if (matchers != null && !matches(t, matchers)) continue;
      for (MetadataStore.TargetMetadata tm : store.target(t)) {
        if (allMetrics) res.add(new Row(t, tm.family(), tm.metadata()));
        else if (tm.family().equals(metric)) res.add(new Row(t, null, tm.metadata()));
      }
    }
    return QueryApi.success(g -> {
      g.writeStartArray();
      for (Row row : res) {
        g.writeStartObject();
        g.writeFieldName("target");
        PromJson.writeLabels(g, row.target());
        if (row.metric() != null) g.writeStringField("metric", row.metric());
        g.writeStringField("type", row.m().type());
        g.writeStringField("help", row.m().help());
        g.writeStringField("unit", row.m().unit());
        g.writeEndObject();
      }
      g.writeEndArray();
    }, null, null);
  }

  private static boolean matches(Labels l, List<Matcher> ms) {
    for (Matcher m : ms) {
      if (!m.matches(l.get(m.name()))) return false;
    }
    return true;
  }

  private static void writeMetadata(JsonGenerator g, MetadataStore.Metadata m) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", m.type());
    g.writeStringField("help", m.help());
    g.writeStringField("unit", m.unit());
    g.writeEndObject();
  }
}
