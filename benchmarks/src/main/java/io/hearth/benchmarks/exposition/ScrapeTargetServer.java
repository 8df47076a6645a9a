package io.hearth.benchmarks.exposition;

import io.hearth.benchmarks.exposition.ExpositionWriter.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Many scrape targets in one process: target {@code i} listens on 127.0.0.1:{@code basePort + i}
 * and serves a node_exporter-like body (seed {@code i}, values moving with wall-clock time) at
 * {@code /metrics}. One selector thread serves every port, HTTP/1.1 with keep-alive, gzip when the
 * scraper asks for it (as client_golang does). {@code GET /stats} on any port answers
 * {@code requests}, {@code samples} and {@code bytes} served so far (one per line, Prometheus text).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hearth.benchmarks.exposition.ScrapeTargetServer \
 *   --base-port 31000 --targets 1000 [--cpus 4] [--format text|openmetrics|negotiate] [--gzip true]
 * </pre>
 *
 * Prints {@code ready <samples per body> <bytes per body>} once every port listens.
 */
public final class ScrapeTargetServer {
  private final int basePort;
  private final int targets;
  private final Bodies.NodeShape shape;
  private final String formatMode;
  private final boolean gzip;
  /** Counters start as if the targets had been up for a day. */
  private final long startMillis = System.currentTimeMillis() - 86_400_000L;
  private long requests;
  private long samples;
  private long bytesServed;

  private ScrapeTargetServer(int basePort, int targets, Bodies.NodeShape shape, String formatMode, boolean gzip) {
    this.basePort = basePort;
    this.targets = targets;
    this.shape = shape;
    this.formatMode = formatMode;
    this.gzip = gzip;
  }

  public static void main(String[] args) throws IOException {
    int basePort = 31000;
    int targets = 1000;
    int cpus = 4;
    String format = "text";
    boolean gzip = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (a) {
        case "--base-port": basePort = Integer.parseInt(v); i++; break;
        case "--targets": targets = Integer.parseInt(v); i++; break;
        case "--cpus": cpus = Integer.parseInt(v); i++; break;
        case "--format": format = v; i++; break;
        case "--gzip": gzip = Boolean.parseBoolean(v); i++; break;
        default: throw new IllegalArgumentException("unknown flag " + a);
      }
    }
    Bodies.NodeShape s = Bodies.NodeShape.SMALL_VM;
    Bodies.NodeShape shape = new Bodies.NodeShape(cpus, s.disks(), s.filesystems(), s.netDevices(), s.collectors(),
        s.httpHandlers(), s.rpcMethods());
    new ScrapeTargetServer(basePort, targets, shape, format, gzip).run();
  }

  private static final class Conn {
    final int target;
    ByteBuffer in = ByteBuffer.allocate(8192);
    ByteBuffer out;
    boolean close;

    Conn(int target) {
      this.target = target;
    }
  }

  private void run() throws IOException {
    Selector sel = Selector.open();
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < targets; i++) {
      ServerSocketChannel ssc = ServerSocketChannel.open();
      ssc.bind(new InetSocketAddress(lo, basePort + i), 128);
      ssc.configureBlocking(false);
      ssc.register(sel, SelectionKey.OP_ACCEPT, i);
    }
    String probe = body(Format.TEXT, 0, 86_400);
    int probeSamples = 0;
    for (String l : probe.split("\n")) if (!l.startsWith("#")) probeSamples++;
    System.out.println("ready " + probeSamples + " " + probe.length());
    System.out.flush();
    while (true) {
      sel.select();
      Iterator<SelectionKey> it = sel.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        try {
          if (!k.isValid()) continue;
          if (k.isAcceptable()) {
            SocketChannel sc = ((ServerSocketChannel) k.channel()).accept();
            if (sc == null) continue;
            sc.configureBlocking(false);
            sc.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            sc.register(sel, SelectionKey.OP_READ, new Conn((Integer) k.attachment()));
          } else if (k.isReadable()) {
            read(k);
          } else if (k.isWritable()) {
            write(k);
          }
        } catch (IOException e) {
          k.cancel();
          k.channel().close();
        }
      }
    }
  }

  private void read(SelectionKey k) throws IOException {
    Conn c = (Conn) k.attachment();
    SocketChannel sc = (SocketChannel) k.channel();
    if (!c.in.hasRemaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
      c.in.flip();
      bigger.put(c.in);
      c.in = bigger;
    }
    if (sc.read(c.in) < 0) {
      k.cancel();
      sc.close();
      return;
    }
    String req = new String(c.in.array(), 0, c.in.position(), StandardCharsets.ISO_8859_1);
    int end = req.indexOf("\r\n\r\n");
    if (end < 0) return;
    c.in.clear();
    c.out = respond(c, req.substring(0, end));
    write(k);
  }

  private void write(SelectionKey k) throws IOException {
    Conn c = (Conn) k.attachment();
    SocketChannel sc = (SocketChannel) k.channel();
    sc.write(c.out);
    if (c.out.hasRemaining()) {
      k.interestOps(SelectionKey.OP_WRITE);
    } else if (c.close) {
      k.cancel();
      sc.close();
    } else {
      k.interestOps(SelectionKey.OP_READ);
    }
  }

  private ByteBuffer respond(Conn c, String head) throws IOException {
    String[] lines = head.split("\r\n");
    String[] rl = lines[0].split(" ");
    String path = rl.length > 1 ? rl[1] : "/";
    String accept = "";
    boolean wantsGzip = false;
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i].toLowerCase(Locale.ROOT);
      if (l.startsWith("accept:")) accept = l;
      else if (l.startsWith("accept-encoding:")) wantsGzip = l.contains("gzip");
      else if (l.startsWith("connection:") && l.contains("close")) c.close = true;
    }
    if (rl.length > 2 && rl[2].equals("HTTP/1.0")) c.close = true;
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    String contentType;
    byte[] payload;
    if (path.equals("/metrics")) {
      Format f = formatMode.equals("openmetrics") || (formatMode.equals("negotiate")
          && accept.contains("application/openmetrics-text")) ? Format.OPENMETRICS : Format.TEXT;
      String b = body(f, c.target, (System.currentTimeMillis() - startMillis) / 1000);
      payload = b.getBytes(StandardCharsets.UTF_8);
      contentType = f.contentType();
      requests++;
      bytesServed += payload.length;
      for (int i = 0; i < b.length(); i++) {
        if (b.charAt(i) == '\n' && i + 1 < b.length() && b.charAt(i + 1) != '#') samples++;
      }
      if (b.charAt(0) != '#') samples++;
    } else if (path.equals("/stats")) {
      payload = ("requests " + requests + "\nsamples " + samples + "\nbytes " + bytesServed + "\n")
          .getBytes(StandardCharsets.UTF_8);
      contentType = Format.TEXT.contentType();
      wantsGzip = false;
    } else {
      payload = "not found\n".getBytes(StandardCharsets.UTF_8);
      contentType = "text/plain";
      wantsGzip = false;
      return response("404 Not Found", contentType, payload, false, c.close);
    }
    boolean z = gzip && wantsGzip;
    if (z) payload = gzip(payload);
    return response("200 OK", contentType, payload, z, c.close);
  }

  private static ByteBuffer response(String status, String contentType, byte[] payload, boolean gzipped,
      boolean close) {
    String h = "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + payload.length
        + (gzipped ? "\r\nContent-Encoding: gzip" : "") + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
    byte[] hb = h.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(hb.length + payload.length);
    out.put(hb).put(payload).flip();
    return out;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream(b.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(bo, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(b);
    }
    return bo.toByteArray();
  }

  private String body(Format f, int target, long tSec) {
    return Bodies.nodeExporterLike(f, shape, tSec, target);
  }
}
