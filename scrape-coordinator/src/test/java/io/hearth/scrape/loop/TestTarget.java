package io.hearth.scrape.loop;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** A local exposition endpoint on 127.0.0.1 whose answer tests change between scrapes. */
public final class TestTarget implements AutoCloseable {
  private final HttpServer server;
  public volatile String body = "";
  /** When set, served instead of {@link #body} (e.g. a protobuf exposition). */
  public volatile byte[] bytes;
  public volatile String contentType = "text/plain; version=0.0.4; charset=utf-8";
  public volatile int status = 200;
  public volatile boolean gzip;
  public final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  public volatile String lastQuery;
  public final AtomicInteger hits = new AtomicInteger();

  public TestTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      lastQuery = ex.getRequestURI().getRawQuery();
      ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), String.join(",", v)));
      byte[] raw = bytes;
      byte[] b = raw != null ? raw : body.getBytes(StandardCharsets.UTF_8);
      if (gzip) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
          gz.write(b);
        }
        b = bo.toByteArray();
        ex.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
      ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(b);
      }
    });
    server.start();
  }

  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
