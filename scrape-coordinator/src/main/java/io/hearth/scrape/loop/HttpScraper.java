package io.hearth.scrape.loop;

import io.hearth.scrape.config.Authorization;
import io.hearth.scrape.config.BasicAuth;
import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.TlsConfig;
import io.hearth.sharding.api.text.GoQuote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Scrapes a target over HTTP(S) with {@link HttpClient}, as Prometheus's targetScraper: GET with
 * {@code Accept} from the scrape protocols, {@code Accept-Encoding: gzip} (or identity),
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, basic or Authorization credentials (files re-read on
 * every scrape), and the body size limit applied to the uncompressed body. One per target; not
 * used concurrently.
 */
public final class HttpScraper implements Scraper {
  private static final String USER_AGENT = "Hearth/0.1";
  private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(
      Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
      Map.entry(408, "Request Timeout"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
      Map.entry(204, "No Content"));

  private final HttpClient client;
  private final HttpClientConfig config;
  private final String url;
  private final Duration timeout;
  private final String accept;
  private final boolean compression;
  private final long bodySizeLimit;

  /**
   * @param client a client from {@link #newClient(HttpClientConfig)}, shared by a job's targets
   * @param bodySizeLimit the maximum uncompressed body size in bytes, 0 for none
   */
  public HttpScraper(HttpClient client, HttpClientConfig config, String url, Duration timeout, String accept,
      boolean compression, long bodySizeLimit) {
    this.client = client;
    this.config = config;
    this.url = url;
    this.timeout = timeout;
    this.accept = accept;
    this.compression = compression;
    this.bodySizeLimit = bodySizeLimit <= 0 ? Long.MAX_VALUE : bodySizeLimit;
  }

  /**
   * A client honouring {@code follow_redirects}, {@code enable_http2} (HTTP/2 over TLS only, as Go)
   * and {@code tls_config} ({@code ca}/{@code ca_file} and {@code insecure_skip_verify}).
   *
   * @throws IllegalArgumentException when the TLS material cannot be loaded
   */
  public static HttpClient newClient(HttpClientConfig cfg) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(cfg.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
        .version(cfg.enableHttp2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30));
    TlsConfig tls = cfg.tlsConfig();
    try {
      if (tls.insecureSkipVerify()) {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        b.sslContext(ctx);
      } else if (notEmpty(tls.ca()) || notEmpty(tls.caFile())) {
        byte[] pem = notEmpty(tls.ca()) ? tls.ca().getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(Path.of(tls.caFile()));
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
          ks.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        b.sslContext(ctx);
      }
    } catch (Exception e) {
      throw new IllegalArgumentException("unable to load TLS configuration: " + e.getMessage(), e);
    }
    return b.build();
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  /** Go's FormatFloat(seconds, 'f', -1, 64): {@code 10}, {@code 0.5}. */
  static String seconds(Duration d) {
    java.math.BigDecimal s = java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }

  @Override
  public ScrapeResponse scrape() throws ScrapeException {
    HttpRequest.Builder rb;
    try {
      rb = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new ScrapeException("parse " + GoQuote.quote(url) + ": " + e.getMessage(), e);
    }
    rb.GET().timeout(timeout)
        .header("Accept", accept)
        .header("Accept-Encoding", compression ? "gzip" : "identity")
        .header("User-Agent", USER_AGENT)
        .header("X-Prometheus-Scrape-Timeout-Seconds", seconds(timeout));
    if (url.startsWith("http:")) rb.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade, as Go
    try {
      addAuth(rb);
    } catch (IOException e) {
      throw new ScrapeException("unable to read credentials: " + e.getMessage(), e);
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ScrapeException("Get " + GoQuote.quote(url) + ": context deadline exceeded", e);
    } catch (IOException e) {
      throw new ScrapeException("Get " + GoQuote.quote(url) + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScrapeException("Get " + GoQuote.quote(url) + ": context canceled", e);
    }
    try (InputStream raw = resp.body()) {
      if (resp.statusCode() != 200) {
        String text = STATUS_TEXT.getOrDefault(resp.statusCode(), "");
        throw new ScrapeException("server returned HTTP status " + resp.statusCode() + (text.isEmpty() ? "" : " " + text));
      }
      String enc = resp.headers().firstValue("Content-Encoding").orElse("");
      InputStream in = enc.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw) : raw;
      byte[] buf = new byte[8192];
      int n = 0;
      while (true) {
        if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int want = (int) Math.min(buf.length - n, bodySizeLimit - n);
        if (want <= 0) break;
        int r = in.read(buf, n, want);
        if (r < 0) break;
        n += r;
      }
      if (n >= bodySizeLimit) throw new ScrapeException("body size limit exceeded");
      return new ScrapeResponse(buf, n, resp.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new ScrapeException(describe(e), e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.ConnectException) return "connect: connection refused";
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private void addAuth(HttpRequest.Builder rb) throws IOException {
    String auth = authorizationHeader(config);
    if (auth != null) rb.header("Authorization", auth);
  }

  /**
   * The {@code Authorization} header value for {@code basic_auth} or {@code authorization}, with
   * credential files read now (so a rotated secret is picked up); null when neither is set.
   *
   * @throws IOException when a credential file cannot be read
   */
  public static String authorizationHeader(HttpClientConfig config) throws IOException {
    BasicAuth ba = config.basicAuth();
    if (ba != null) {
      String user = notEmpty(ba.usernameFile()) ? Files.readString(Path.of(ba.usernameFile())).trim() : ba.username();
      String pass = notEmpty(ba.passwordFile()) ? Files.readString(Path.of(ba.passwordFile())).trim() : ba.password();
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }
    Authorization az = config.authorization();
    if (az != null) {
      String cred = notEmpty(az.credentialsFile()) ? Files.readString(Path.of(az.credentialsFile())).trim() : az.credentials();
      return az.type() + " " + cred;
    }
    return null;
  }

  /** Accepts any certificate and skips host name checks: {@code insecure_skip_verify: true}. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
