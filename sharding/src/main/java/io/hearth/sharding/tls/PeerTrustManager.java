package io.hearth.sharding.tls;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The cluster's PKIX trust manager, unchanged in what it accepts, that logs each refused peer at
 * WARNING with its address, subject and issuer: a node that dialled in with a certificate from
 * another CA shows up in the log of the node it tried, not only in its own. Thread-safe (stateless).
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = Logger.getLogger(PeerTrustManager.class.getName());

  private final X509ExtendedTrustManager pkix;

  PeerTrustManager(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(() -> pkix.checkClientTrusted(chain, authType, socket), "incoming", chain, remote(socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(() -> pkix.checkServerTrusted(chain, authType, socket), "outgoing", chain, remote(socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(() -> pkix.checkClientTrusted(chain, authType, engine), "incoming", chain, remote(engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(() -> pkix.checkServerTrusted(chain, authType, engine), "outgoing", chain, remote(engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(() -> pkix.checkClientTrusted(chain, authType), "incoming", chain, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(() -> pkix.checkServerTrusted(chain, authType), "outgoing", chain, null);
  }

  /**
   * None named: a server's certificate request then lists no CA, so a peer with a certificate from
   * another CA still presents it (instead of presenting nothing) and is refused by name and issuer
   * in the log. What is trusted does not change.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  /** One PKIX check. */
  @FunctionalInterface
  private interface Check {
    void run() throws CertificateException;
  }

  private static SocketAddress remote(Socket socket) {
    return socket == null ? null : socket.getRemoteSocketAddress();
  }

  private static SocketAddress remote(SSLEngine engine) {
    return engine == null || engine.getPeerHost() == null ? null : InetSocketAddress.createUnresolved(engine.getPeerHost(), engine.getPeerPort());
  }

  /** Runs the check; a refusal is logged, then rethrown unchanged. */
  private static void check(Check pkixCheck, String direction, X509Certificate[] chain, SocketAddress peer) throws CertificateException {
    try {
      pkixCheck.run();
    } catch (CertificateException e) {
      X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
      LOG.log(Level.WARNING, "refused a cluster peer's certificate [connection=" + direction
          + ", peer=" + (peer == null ? "unknown" : peer) + ", subject=" + (leaf == null ? "none" : leaf.getSubjectX500Principal().getName())
          + ", issuer=" + (leaf == null ? "none" : leaf.getIssuerX500Principal().getName()) + ", reason=" + e.getMessage() + "]");
      throw e;
    }
  }
}
