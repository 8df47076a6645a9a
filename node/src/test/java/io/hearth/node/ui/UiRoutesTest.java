package io.hearth.node.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI's routes over HTTP: redirect, page paths, assets with their types, ETags, and nothing outside web/. */
class UiRoutesTest {
  static HttpServer http;
  static ExecutorService pool;
  static String base;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final Path SOURCES = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "web");

  @BeforeAll
  static void start() throws Exception {
    pool = Executors.newFixedThreadPool(2);
    http = new HttpServer(1 << 20);
    UiRoutes.register(http, pool);
    base = "http://127.0.0.1:" + http.start("127.0.0.1", 0).getPort();
  }

  @AfterAll
  static void stop() {
    if (http != null) http.close();
    if (pool != null) pool.shutdownNow();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) b.headers(headers);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void rootRedirectsToTheQueryPage() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertEquals(302, r.statusCode());
    assertEquals("query", r.headers().firstValue("Location").orElse(""));
  }

  @Test
  void everyPagePathServesTheApp() throws Exception {
    for (String p : UiRoutes.PAGES) {
      HttpResponse<byte[]> r = get("/" + p + "?g0.expr=up");
      assertEquals(200, r.statusCode(), p);
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""), p);
      assertTrue(new String(r.body()).contains("<main id=\"app\">"), p);
    }
  }

  @Test
  void assetsAreServedByteForByteWithTheirContentTypes() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() > 10, "the web sources are at " + SOURCES);
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      String rel = SOURCES.relativize(f).toString().replace('\\', '/');
      HttpResponse<byte[]> r = get("/assets/" + rel);
      String expectedType = StaticAssets.contentType(rel);
      if (r.statusCode() != 200) failures.add(rel + ": status " + r.statusCode());
      else if (!r.headers().firstValue("Content-Type").orElse("").equals(expectedType)) failures.add(rel + ": type " + r.headers().map());
      // Maven resource filtering would rewrite ${...} in JavaScript: the served file must be the source file.
      else if (!java.util.Arrays.equals(Files.readAllBytes(f), r.body())) failures.add(rel + ": served bytes differ from the source");
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertEquals("text/javascript; charset=utf-8", StaticAssets.contentType("js/app.js"));
    assertEquals("text/css; charset=utf-8", StaticAssets.contentType("hearth.css"));
    assertEquals("image/svg+xml", StaticAssets.contentType("favicon.svg"));
  }

  @Test
  void unchangedAssetAnswersNotModified() throws Exception {
    HttpResponse<byte[]> first = get("/assets/js/app.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> second = get("/assets/js/app.js", "If-None-Match", etag);
    assertEquals(304, second.statusCode());
    assertEquals(0, second.body().length);
    assertEquals(200, get("/assets/js/app.js", "If-None-Match", "\"other\"").statusCode());
  }

  @Test
  void namesOutsideTheWebDirectoryOrOfUnservedKindsAreNotFound() throws Exception {
    for (String p : List.of("/assets/../io/hearth/node/ui/UiRoutes.class", "/assets/%2e%2e/hearth-build.properties", "/assets/js/",
        "/assets/nope.js", "/assets/web/index.html", "/assets//js/app.js", "/assets/js/app.js.map", "/nope")) {
      assertEquals(404, get(p).statusCode(), p);
    }
    assertFalse(StaticAssets.safeName("js/../../x.js"));
    assertFalse(StaticAssets.safeName("/etc/passwd.txt"));
    assertFalse(StaticAssets.safeName("js\\app.js"));
    assertFalse(StaticAssets.safeName("a b.js"));
    assertTrue(StaticAssets.safeName("vendor/uPlot.iife.min.js"));
  }

  @Test
  void writesAreRejected() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/query")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, r.statusCode());
  }
}
