package io.hearth.node.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small client for the Prometheus HTTP API, the same for Prometheus and Hearth: GETs with
 * (repeatable) query parameters answered as parsed JSON, and remote-write POSTs. Floats are parsed
 * as {@link java.math.BigDecimal} so numbers compare exactly. Thread-safe.
 *
 * <p>Most methods turn a failed exchange into an unchecked exception. The {@code try...} methods
 * are for tests whose nodes come and go (the chaos tests): they throw the exchange's own
 * {@link IOException} (a {@link java.net.http.HttpTimeoutException} for a timeout) and
 * {@link InterruptedException}, so a caller can retry, count or stop.
 */
public final class PromApiClient {
  /** Floats as BigDecimal: the decimal text is kept, so comparisons are exact. */
  public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI base;
  private final Duration timeout;

  public PromApiClient(URI base) {
    this(base, Duration.ofSeconds(60));
  }

  /** A client whose every request is bounded by {@code timeout}. */
  public PromApiClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  public URI base() {
    return base;
  }

  /** A client on the same base whose every request is bounded by {@code timeout}. */
  public PromApiClient withTimeout(Duration timeout) {
    return new PromApiClient(base, timeout);
  }

  /** One answer: HTTP status, raw body, the body parsed (null when it is not JSON) and the headers. */
  public record Reply(int status, String body, JsonNode json, HttpHeaders headers) {
    public Reply(int status, String body, JsonNode json) {
      this(status, body, json, HttpHeaders.of(Map.of(), (name, value) -> true));
    }

    /** The status and the body's first 400 characters, for failure messages. */
    @Override
    public String toString() {
      return status + " " + abbreviate(body);
    }
  }

  /** A binary answer (protobuf, snappy frames): status, {@code Content-Type} ("" when none), the body's bytes and the headers. */
  public record BinaryReply(int status, String contentType, byte[] bytes, HttpHeaders headers) {}

  /** As {@link #send(String, String, byte[], String...)}, with the answer's body kept as bytes. */
  public BinaryReply sendBinary(String method, String path, byte[] body, String... headers) {
    HttpRequest req = request(method, path, body, headers);
    try {
      HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new BinaryReply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException("request failed: " + req.method() + " " + req.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + req.uri(), e);
    }
  }

  /** Posts a snappy-compressed remote-read 0.1.0 {@code ReadRequest} to {@code /api/v1/read}. */
  public BinaryReply remoteRead(byte[] snappyBody) {
    return sendBinary("POST", "/api/v1/read", snappyBody, "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
        "X-Prometheus-Remote-Read-Version", "0.1.0");
  }

  /** {@code s} cut to its first 400 characters (with its length said), for failure messages. */
  public static String abbreviate(String s) {
    if (s == null) return "null";
    return s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
  }

  /** A GET of {@code path} with parameters given as name/value pairs (names may repeat, e.g. {@code match[]}). */
  public Reply get(String path, List<Map.Entry<String, String>> params) {
    StringBuilder url = new StringBuilder(base.toString()).append(path);
    char sep = '?';
    for (Map.Entry<String, String> p : params) {
      url.append(sep).append(enc(p.getKey())).append('=').append(enc(p.getValue()));
      sep = '&';
    }
    HttpRequest req = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET().build();
    return send(req);
  }

  private static final String[] REMOTE_WRITE_V1 = {"Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
      "X-Prometheus-Remote-Write-Version", "0.1.0"};

  /** Posts a snappy-compressed remote-write 1.0 body to {@code /api/v1/write}. */
  public Reply remoteWrite(byte[] snappyBody) {
    return post("/api/v1/write", snappyBody, REMOTE_WRITE_V1);
  }

  /** {@link #remoteWrite(byte[])}, with the exchange's failures thrown as they are. */
  public Reply tryRemoteWrite(byte[] snappyBody) throws IOException, InterruptedException {
    return trySend("POST", "/api/v1/write", snappyBody, REMOTE_WRITE_V1);
  }

  /** A GET of {@code pathAndQuery} (appended to the base as it is), with the exchange's failures thrown as they are. */
  public Reply tryGet(String pathAndQuery) throws IOException, InterruptedException {
    return trySend("GET", pathAndQuery, null);
  }

  /** A form POST of {@code params} to {@code path}, with the exchange's failures thrown as they are. */
  public Reply tryPostForm(String path, Map<String, String> params) throws IOException, InterruptedException {
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return trySend("POST", path, form.toString().getBytes(StandardCharsets.UTF_8), "Content-Type",
        "application/x-www-form-urlencoded");
  }

  /** {@link #send(String, String, byte[], String...)}, with the exchange's failures thrown as they are. */
  public Reply trySend(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
    return exchange(request(method, path, body, headers));
  }

  /** Posts a snappy-compressed remote-write 2.0 body to {@code /api/v1/write}. */
  public Reply remoteWriteV2(byte[] snappyBody) {
    return post("/api/v1/write", snappyBody, "Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
        "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "2.0.0");
  }

  /** A POST of {@code body} to {@code path} with headers given as name/value pairs. */
  public Reply post(String path, byte[] body, String... headers) {
    return send("POST", path, body, headers);
  }

  /**
   * Any request: {@code method} on {@code path} (appended to the base as it is, query string and
   * all), with {@code body} (null: none) and headers given as name/value pairs.
   */
  public Reply send(String method, String path, byte[] body, String... headers) {
    return send(request(method, path, body, headers));
  }

  private HttpRequest request(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (headers.length > 0) b.headers(headers);
    return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** As {@link #send(String, String, byte[], String...)}, with the headers as a map. */
  public Reply send(String method, String path, byte[] body, Map<String, String> headers) {
    List<String> h = new java.util.ArrayList<>();
    headers.forEach((name, value) -> {
      h.add(name);
      h.add(value);
    });
    return send(method, path, body, h.toArray(new String[0]));
  }

  /**
   * Remote-writes {@code requests} in order, each to every target in turn (name and client); fails
   * unless every one answers 204. For the differential tests that load Prometheus and Hearth alike.
   */
  @SafeVarargs
  public static void remoteWriteAll(List<byte[]> requests, Map.Entry<String, PromApiClient>... targets) {
    for (int i = 0; i < requests.size(); i++) {
      for (Map.Entry<String, PromApiClient> t : targets) {
        Reply r = t.getValue().remoteWrite(requests.get(i));
        if (r.status() != 204) throw new AssertionError(t.getKey() + " rejected request " + i + ": " + r.status() + " " + r.body());
      }
    }
  }

  /** A POST without a body (e.g. {@code /-/reload}). */
  public Reply post(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** The raw text of a GET (e.g. {@code /metrics}). */
  public String text(String path) {
    return get(path, List.of()).body();
  }

  /** One sample's value from the node's /metrics, by its exact name and labels. */
  public double metric(String series) {
    for (String line : text("/metrics").split("\n")) {
      if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1));
    }
    throw new AssertionError("no " + series + " in /metrics");
  }

  private static Reply exchange(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonNode json = null;
    String ct = r.headers().firstValue("Content-Type").orElse("");
    if (ct.contains("json")) {
      try {
        json = JSON.readTree(r.body());
      } catch (IOException notJson) {
        json = null;
      }
    }
    return new Reply(r.statusCode(), r.body(), json, r.headers());
  }

  private static Reply send(HttpRequest req) {
    try {
      return exchange(req);
    } catch (IOException e) {
      throw new UncheckedIOException("request failed: " + req.method() + " " + req.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + req.uri(), e);
    }
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Prometheus's API time format: seconds with millisecond fraction, e.g. {@code 1717171717.123}. */
  public static String time(long ms) {
    return Long.toString(Math.floorDiv(ms, 1000)) + "." + String.format("%03d", Math.floorMod(ms, 1000));
  }
}
