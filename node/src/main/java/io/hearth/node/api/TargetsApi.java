package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.manager.DroppedTarget;
import io.hearth.scrape.manager.ScrapeManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code GET /api/v1/targets} and {@code GET /api/v1/scrape_pools} with Prometheus's parameters and
 * shapes. Every node discovers the same targets and scrapes its share: active targets are this
 * node's plus those other nodes answer (in a cluster), dropped ones are the same everywhere and come
 * from this node.
 */
public final class TargetsApi {
  private static final ObjectMapper TREES = new ObjectMapper();

  private final ScrapeManager manager;
  private final Function<String, List<byte[]>> otherNodes;

  /**
   * @param otherNodes for a scrape pool filter (null for all), the active targets other nodes
   *     scrape, as JSON arrays of target objects written by {@link #activeTargetsJson} (one per
   *     node that answered); an empty list on a single node
   */
  public TargetsApi(ScrapeManager manager, Function<String, List<byte[]>> otherNodes) {
    this.manager = manager;
    this.otherNodes = otherNodes;
  }

  /** {@code targets} as a JSON array of Prometheus's active-target objects, filtered to {@code pool} (null for all). */
  public static byte[] activeTargetsJson(List<ScrapeTarget> targets, String pool) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = PromJson.generator(out)) {
      g.writeStartArray();
      writeActive(g, targets, pool);
      g.writeEndArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void writeActive(JsonGenerator g, List<ScrapeTarget> act, String pool) throws IOException {
    for (ScrapeTarget t : act) {
      if (pool != null && !pool.equals(t.scrapePool())) continue;
      g.writeStartObject();
      g.writeFieldName("discoveredLabels");
      PromJson.writeLabels(g, t.discoveredLabels());
      g.writeFieldName("labels");
      PromJson.writeLabels(g, t.publicLabels());
      g.writeStringField("scrapePool", t.scrapePool());
      g.writeStringField("scrapeUrl", t.url());
      g.writeStringField("globalUrl", t.url());
      g.writeStringField("lastError", t.lastError() == null ? "" : t.lastError());
      Instant last = t.lastScrape();
      g.writeStringField("lastScrape", last == null ? "0001-01-01T00:00:00Z" : last.toString());
      g.writeNumberField("lastScrapeDuration", t.lastScrapeDuration() == null ? 0 : t.lastScrapeDuration().toNanos() / 1e9);
      g.writeStringField("health", t.health().text());
      g.writeStringField("scrapeInterval", t.intervalLabel());
      g.writeStringField("scrapeTimeout", t.timeoutLabel());
      g.writeEndObject();
    }
  }

  /** {@code GET /api/v1/targets?state=&scrapePool=}: active and dropped targets and the dropped counts per pool. */
  public ApiResponse targets(ApiRequest r) {
    String state = r.param("state") == null ? "any" : r.param("state").toLowerCase();
    String pool = r.param("scrapePool");
    boolean active = state.equals("any") || state.equals("active") || state.isEmpty();
    boolean dropped = state.equals("any") || state.equals("dropped") || state.isEmpty();
    List<ScrapeTarget> act = manager.activeTargets();
    List<DroppedTarget> drop = manager.droppedTargets();
    List<byte[]> remote = active ? otherNodes.apply(pool) : List.of();
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("activeTargets");
      if (active) {
        writeActive(g, act, pool);
        for (byte[] arr : remote) {
          for (JsonNode t : TREES.readTree(arr)) TREES.writeTree(g, t);
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("droppedTargets");
      Map<String, Integer> counts = new TreeMap<>();
      for (DroppedTarget d : drop) counts.merge(d.scrapePool(), 1, Integer::sum);
      if (dropped) {
        for (DroppedTarget d : drop) {
          if (pool != null && !pool.equals(d.scrapePool())) continue;
          g.writeStartObject();
          g.writeFieldName("discoveredLabels");
          PromJson.writeLabels(g, d.discoveredLabels());
          g.writeStringField("scrapePool", d.scrapePool());
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("droppedTargetCounts");
      for (Map.Entry<String, Integer> e : counts.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
      g.writeEndObject();
      g.writeEndObject();
    }, null, null);
  }

  /** {@code GET /api/v1/scrape_pools}: the configured jobs' names, sorted. */
  public ApiResponse scrapePools(ApiRequest r) {
    TreeSet<String> pools = new TreeSet<>();
    for (var sc : manager.config().scrapeConfigs()) pools.add(sc.jobName());
    return QueryApi.success(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("scrapePools");
      for (String p : pools) g.writeString(p);
      g.writeEndArray();
      g.writeEndObject();
    }, null, null);
  }
}
