package io.hearth.node.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An HTTP server on 127.0.0.1 (the JDK's) that records what Alertmanager's webhook receiver posts:
 * every alert of every notification, with the notification's status. {@link #close()} stops it.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final List<JsonNode> alerts = new ArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/hook", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_BODY);
        JsonNode n = JSON.readTree(body);
        synchronized (alerts) {
          for (JsonNode a : n.path("alerts")) alerts.add(a);
          alerts.notifyAll();
        }
        ex.sendResponseHeaders(200, -1);
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every alert received so far, oldest first (each with status, labels, annotations, startsAt, endsAt...). */
  public List<JsonNode> alerts() {
    synchronized (alerts) {
      return List.copyOf(alerts);
    }
  }

  /** Waits for an alert matching {@code p}; fails with what did arrive when none came in time. */
  public JsonNode await(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (alerts) {
      while (true) {
        for (JsonNode a : alerts) if (p.test(a)) return a;
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no matching alert at the webhook within " + timeout + "; received: " + alerts);
        alerts.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Matches an alert by its {@code alertname} label and {@code status} (firing, resolved). */
  public static Predicate<JsonNode> named(String alertname, String status) {
    return a -> alertname.equals(a.path("labels").path("alertname").asText()) && status.equals(a.path("status").asText());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
