package io.hearth.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a node's port that keeps a copy of what passes, per
 * connection and direction (the first {@value #KEEP} bytes of each), so a test can look at the
 * bytes on the wire. Daemon threads; {@link #close()} ends every connection.
 */
final class WireTap implements AutoCloseable {
  static final int KEEP = 4 << 20;

  /** What one connection carried: from the dialling side and from the node. */
  record Connection(ByteArrayOutputStream fromClient, ByteArrayOutputStream fromServer) {
    synchronized byte[] client() {
      return fromClient.toByteArray();
    }

    synchronized byte[] server() {
      return fromServer.toByteArray();
    }
  }

  private final ServerSocket server;
  private final int targetPort;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private WireTap(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  static WireTap start(int targetPort) throws IOException {
    WireTap t = new WireTap(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread accept = new Thread(t::acceptLoop, "wiretap-accept-" + targetPort);
    accept.setDaemon(true);
    accept.start();
    return t;
  }

  /** The relay's own address, to give a node instead of the target's. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  List<Connection> connections() {
    return new ArrayList<>(connections);
  }

  /** Every byte seen so far, both directions of every connection. */
  byte[] allBytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Connection c : connections) {
      all.writeBytes(c.client());
      all.writeBytes(c.server());
    }
    return all.toByteArray();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out;
        try {
          out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException refused) {
          closeQuietly(in);
          continue;
        }
        sockets.add(in);
        sockets.add(out);
        Connection c = new Connection(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        connections.add(c);
        pump(in, out, c.fromClient(), c);
        pump(out, in, c.fromServer(), c);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to, ByteArrayOutputStream copy, Connection lock) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 << 10];
      try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
        int n;
        while ((n = i.read(buf)) >= 0) {
          synchronized (lock) {
            if (copy.size() < KEEP) copy.write(buf, 0, Math.min(n, KEEP - copy.size()));
          }
          o.write(buf, 0, n);
          o.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "wiretap-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) closeQuietly(s);
  }
}
