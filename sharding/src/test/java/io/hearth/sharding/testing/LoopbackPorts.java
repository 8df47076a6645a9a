package io.hearth.sharding.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1, for the processes and nodes the integration tests start.
 *
 * <p>A port is handed out free and bound later by the process the test starts, which on a loaded
 * machine can be tens of seconds later (a JVM starting, a node restarted on its old ports). A port
 * from the kernel's ephemeral range (what binding port 0 gives) can be taken meanwhile as the local
 * port of any outgoing connection on the machine, or by another test's bind to port 0. So the
 * ports come from just below that range, where only an explicit bind takes them; each is handed
 * out once per JVM. Where the range is unknown (not Linux), port 0 is bound as before.
 */
public final class LoopbackPorts {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  /** [first, end) of the ports handed out, or null to bind port 0. */
  private static final int[] RANGE = belowEphemeral(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), 10_000);
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /** The {@code size} ports just below the ephemeral range the file names, or null when it cannot be read or leaves no room. */
  static int[] belowEphemeral(Path portRange, int size) {
    // One read from offset 0: a sysctl file answers a read at a later offset with end of file, so
    // Files.readString (which reads a first byte alone when the file's size is 0) sees only "3".
    try (InputStream in = Files.newInputStream(portRange)) {
      String[] r = new String(in.readNBytes(256), StandardCharsets.US_ASCII).trim().split("\\s+");
      int low = Integer.parseInt(r[0]);
      return low - size >= 1024 ? new int[] {low - size, low} : null;
    } catch (IOException | RuntimeException unknown) {
      return null;
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago and that no other call in this JVM returned. */
  public static int free() throws IOException {
    if (RANGE != null) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int p = ThreadLocalRandom.current().nextInt(RANGE[0], RANGE[1]);
        if (claim(p)) return p;
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      s.setReuseAddress(true);
      HANDED_OUT.add(s.getLocalPort());
      return s.getLocalPort();
    }
  }

  /** A port p such that p and p + 1 were both free (Ignite discovery on p, communication on p + 1). */
  public static int freePair() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int p = free();
      if (p >= 65535 || (RANGE != null && p + 1 >= RANGE[1])) continue;
      if (claim(p + 1)) return p;
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1 after 100 attempts");
  }

  /** Whether {@code port} is free now and was not handed out before; if so it is handed out. */
  private static boolean claim(int port) {
    if (!HANDED_OUT.add(port)) return false;
    try (ServerSocket s = new ServerSocket(port, 1, LOOPBACK)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
