package io.hearth.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every connection is bounded: a client that sends a request slowly (slow loris) or sits idle is
 * dropped after the read timeout while others are served, and request bodies held at once across
 * all connections stay within the server's budget (beyond: 429 with Retry-After).
 */
class ConnectionGuardTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  HttpServer server;
  InetSocketAddress addr;

  void start(long readTimeoutMs, long bodyBudget) throws Exception {
    server = new HttpServer(8 << 20, readTimeoutMs, new ByteBudget("request body", bodyBudget));
    server.route("/echo", pool, 503, r -> ApiResponse.text(200, "got " + r.body().length + "\n"));
    addr = server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    pool.shutdownNow();
  }

  HttpResponse<String> post(int bytes) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + addr.getPort() + "/echo"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Reads until the server closes the connection; returns how long that took, or -1 past {@code maxMs}. */
  static long msUntilClosed(Socket s, long maxMs) throws Exception {
    long t0 = System.nanoTime();
    s.setSoTimeout((int) maxMs);
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // drain
      }
    } catch (java.net.SocketTimeoutException e) {
      return -1;
    } catch (java.net.SocketException reset) {
      // closed by the peer
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Waits until the body budget's use satisfies {@code condition}, at most 10 s; the caller asserts. */
  void awaitUsed(java.util.function.LongPredicate condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.test(server.bodyBudget().used()) && System.nanoTime() < deadline) Thread.sleep(10);
  }

  @Test
  @Timeout(30)
  void aSlowLorisIsDroppedAfterTheReadTimeoutWhileOthersAreServed() throws Exception {
    start(1_000, 64 << 20);
    try (Socket loris = new Socket("127.0.0.1", addr.getPort())) {
      OutputStream out = loris.getOutputStream();
      out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals(200, post(10).statusCode(), "another client is served meanwhile");
      long ms = msUntilClosed(loris, 5_000);
      assertTrue(ms >= 0, "the slow client is dropped within 5 s");
    }
    try (Socket idle = new Socket("127.0.0.1", addr.getPort())) {
      assertTrue(msUntilClosed(idle, 5_000) >= 0, "an idle connection is closed");
    }
    assertEquals(200, post(10).statusCode());
  }

  @Test
  @Timeout(30)
  void bodiesHeldAtOnceStayWithinTheBudget() throws Exception {
    start(10_000, 1 << 20);
    try (Socket slow = new Socket("127.0.0.1", addr.getPort())) {
      OutputStream out = slow.getOutputStream();
      // Announces 900 KB and sends half: its share is taken until it is answered.
      out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[450_000]);
      out.flush();
      // the server reads the head on its own thread: wait (bounded) until it has taken the share
      awaitUsed(used -> used >= 900_000);
      assertTrue(server.bodyBudget().used() >= 900_000, "the share is taken before the body is aggregated");
      HttpResponse<String> refused = post(900_000);
      assertEquals(429, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
      assertTrue(refused.body().contains("byte budget"), refused.body());
      out.write(new byte[450_000]);
      out.flush();
      byte[] head = new byte[64];
      int n = slow.getInputStream().read(head);
      assertTrue(new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), "the first request is answered");
    }
    // given back once the answer is written, which the client can read first
    awaitUsed(used -> used == 0);
    assertEquals(200, post(900_000).statusCode(), "the budget was given back");
    awaitUsed(used -> used == 0);
    assertEquals(0, server.bodyBudget().used());
  }

  @Test
  @Timeout(30)
  void oversizedHeadersGetA400AndTheServerGoesOn() throws Exception {
    start(10_000, 64 << 20);
    try (Socket s = new Socket("127.0.0.1", addr.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] head = new byte[64];
      int n = s.getInputStream().read(head);
      assertTrue(n > 0 && new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400"),
          "headers over 64 KiB: " + (n > 0 ? new String(head, 0, n, StandardCharsets.US_ASCII) : "closed"));
    }
    assertEquals(200, post(10).statusCode());
  }
}
