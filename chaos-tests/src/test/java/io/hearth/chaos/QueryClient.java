package io.hearth.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.node.it.PromApiClient;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sends API queries to serving nodes, round-robin. A 503, a timeout or a connection error is
 * retried on the next node; the query is unavailable from the moment the first failing attempt
 * was sent until a 200 arrives. Unavailability longer than the tolerated window is an error (the
 * query is still retried, up to a minute, to measure how long it lasted). Any other status is an
 * error at once.
 */
public final class QueryClient {
  public static final Duration TOLERATED = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final long GIVE_UP_MS = 60_000;

  private final Supplier<List<ClusterNodeProcess>> nodes;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong maxUnavailableMs = new AtomicLong();
  public final LongAdder queries = new LongAdder();
  public final LongAdder retried = new LongAdder();
  /** Queries that were unavailable past the tolerated window, or answered with an unexpected status. */
  public final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  public QueryClient(Supplier<List<ClusterNodeProcess>> nodes) {
    this.nodes = nodes;
  }

  public double maxUnavailableSeconds() {
    return maxUnavailableMs.get() / 1000.0;
  }

  /** An answer and the node that gave it. */
  public record Answer(ClusterNodeProcess node, JsonNode json) {
    public JsonNode data() {
      return json.path("data");
    }
  }

  /** GET path (with query string) on any serving node; null when it failed (recorded in {@link #errors}). */
  public Answer get(String pathAndQuery) throws InterruptedException {
    return get(pathAndQuery, null);
  }

  /** GET on the given node only (or any serving node when null). */
  public Answer get(String pathAndQuery, ClusterNodeProcess only) throws InterruptedException {
    queries.increment();
    long firstFailure = -1;
    String lastFailure = null;
    while (true) {
      ClusterNodeProcess n = only;
      if (n == null) {
        List<ClusterNodeProcess> up = nodes.get();
        n = up.isEmpty() ? null : up.get((int) (next.getAndIncrement() % up.size()));
      }
      long sent = System.currentTimeMillis();
      if (n != null) {
        try {
          PromApiClient.Reply r = n.api(REQUEST_TIMEOUT).tryGet(pathAndQuery);
          if (r.status() == 200) {
            if (firstFailure >= 0) {
              long down = System.currentTimeMillis() - firstFailure;
              maxUnavailableMs.accumulateAndGet(down, Math::max);
              if (down > TOLERATED.toMillis()) {
                errors.add(String.format("unavailable for %.1f s (> %d s): %s; last failure %s", down / 1000.0,
                    TOLERATED.toSeconds(), pathAndQuery, lastFailure));
              }
            }
            JsonNode j = r.json();
            if (!"success".equals(j.path("status").asText()) && !pathAndQuery.startsWith("/api/v1/status")) {
              errors.add("200 without status success from " + n.name + ": " + pathAndQuery + " -> " + r);
            }
            return new Answer(n, j);
          }
          if (r.status() != 503) {
            errors.add("status " + r.status() + " from " + n.name + ": " + pathAndQuery + " -> " + r);
            return null;
          }
          lastFailure = n.name + ": " + r;
        } catch (HttpTimeoutException e) {
          lastFailure = n.name + ": timeout after " + REQUEST_TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
          lastFailure = n.name + ": " + e;
        }
      } else {
        lastFailure = "no serving node";
      }
      if (firstFailure < 0) firstFailure = sent;
      retried.increment();
      if (System.currentTimeMillis() - firstFailure > GIVE_UP_MS) {
        maxUnavailableMs.accumulateAndGet(System.currentTimeMillis() - firstFailure, Math::max);
        errors.add("unavailable for more than " + GIVE_UP_MS / 1000 + " s, gave up: " + pathAndQuery + "; last failure " + lastFailure);
        return null;
      }
      Thread.sleep(250);
    }
  }

  public static String instant(String promql, String time) {
    return "/api/v1/query?query=" + PromApiClient.enc(promql) + "&time=" + time;
  }

  public static String range(String promql, String start, String end, String step) {
    return "/api/v1/query_range?query=" + PromApiClient.enc(promql) + "&start=" + start + "&end=" + end + "&step=" + step;
  }

  /** The single scalar of a vector answer (one element), or 0 for an empty vector; NaN if the shape is wrong. */
  public static double singleValue(JsonNode data) {
    JsonNode result = data.path("result");
    if (!"vector".equals(data.path("resultType").asText())) return Double.NaN;
    if (result.size() == 0) return 0;
    if (result.size() != 1) return Double.NaN;
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }
}
