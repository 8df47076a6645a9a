package io.hearth.node.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, for the processes and nodes the integration tests start. */
public final class LoopbackPorts {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private LoopbackPorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** A port p such that p and p + 1 were both free (Ignite discovery on p, communication on p + 1). */
  public static int freePair() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int p = free();
      if (p >= 65535) continue;
      try (ServerSocket a = new ServerSocket(p, 1, LOOPBACK); ServerSocket b = new ServerSocket(p + 1, 1, LOOPBACK)) {
        return p;
      } catch (IOException busy) {
        // one of the two was taken meanwhile: try another
      }
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1 after 100 attempts");
  }
}
