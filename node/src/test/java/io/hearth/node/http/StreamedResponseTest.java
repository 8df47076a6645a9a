package io.hearth.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's streamed responses ({@link ApiResponse#streamed}) over real HTTP on loopback: each
 * flush reaches the client while the writer is still running, a client that does not read holds
 * the writer back instead of letting the server buffer the answer, an error before the first flush
 * is an ordinary error status, and one after it cuts the body off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamedResponseTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final ExecutorService pool = Executors.newFixedThreadPool(4);
  HttpServer server;
  InetSocketAddress addr;

  @BeforeEach
  void start() throws Exception {
    server = new HttpServer(8 << 20, 30_000, new ByteBudget("request body", 64 << 20));
  }

  @AfterEach
  void stop() {
    server.close();
    pool.shutdownNow();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + addr.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachFlushReachesTheClientWhileTheWriterIsStillRunning() throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    server.route("/s", pool, 503, r -> ApiResponse.streamed(200, "application/x-test", out -> {
      out.write("first\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (!clientSawFirst.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("the first flush never arrived");
      out.write("second\n".getBytes(StandardCharsets.UTF_8));
    }));
    addr = server.start("127.0.0.1", 0);
    HttpResponse<InputStream> resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + addr.getPort() + "/s")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, resp.statusCode());
    assertEquals("application/x-test", resp.headers().firstValue("Content-Type").orElse(""));
    assertEquals("chunked", resp.headers().firstValue("Transfer-Encoding").orElse(""));
    try (InputStream in = resp.body()) {
      byte[] first = in.readNBytes(6);
      assertEquals("first\n", new String(first, StandardCharsets.UTF_8));
      clientSawFirst.countDown();
      assertEquals("second\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void clientThatDoesNotReadHoldsTheWriterBack() throws Exception {
    AtomicLong written = new AtomicLong();
    long total = 256L << 20;
    byte[] piece = new byte[64 << 10];
    server.route("/big", pool, 503, r -> ApiResponse.streamed(200, "application/octet-stream", out -> {
      for (long n = 0; n < total; n += piece.length) {
        out.write(piece);
        out.flush();
        written.addAndGet(piece.length);
      }
    }));
    addr = server.start("127.0.0.1", 0);
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(64 << 10);
      s.connect(addr, 2000);
      s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(1500);
      long early = written.get();
      Thread.sleep(1000);
      assertEquals(early, written.get(), "the writer kept going while the client read nothing");
      assertTrue(early < 32L << 20, "the server buffered " + early + " bytes for a client that read nothing");
      long got = 0;
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 20];
      // Headers, chunk sizes and the pieces: read until the last-chunk marker's worth of data arrived.
      while (got < total) {
        int n = in.read(buf);
        if (n < 0) break;
        got += n;
      }
      assertTrue(got >= total, "the whole answer arrives once the client reads: " + got);
    }
    // got counts the chunk framing too, so the client can be done reading a moment before the
    // writer counts its last piece: wait for it, bounded.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (written.get() < total && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(total, written.get());
  }

  @Test
  void errorBeforeTheFirstFlushIsAnsweredAsAnError() throws Exception {
    server.route("/bad", pool, 503, r -> ApiResponse.streamed(200, "application/x-test", out -> {
      out.write("not sent".getBytes(StandardCharsets.UTF_8));
      throw ApiException.badData("invalid parameter \"x\"");
    }));
    addr = server.start("127.0.0.1", 0);
    HttpResponse<String> r = get("/bad");
    assertEquals(400, r.statusCode());
    assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"x\\\"\"}", r.body());
  }

  @Test
  void errorAfterTheFirstFlushCutsTheBodyOff() throws Exception {
    server.route("/cut", pool, 503, r -> ApiResponse.streamed(200, "application/x-test", out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new IllegalStateException("storage went away");
    }));
    addr = server.start("127.0.0.1", 0);
    assertThrows(IOException.class, () -> get("/cut"), "a cut-off chunked body must not look complete");
  }
}
