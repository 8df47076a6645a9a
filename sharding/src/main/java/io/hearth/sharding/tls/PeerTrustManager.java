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
    try {
      pkix.checkClientTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw refused("incoming", chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw refused("outgoing", chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw refused("incoming", chain, peer(engine), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw refused("outgoing", chain, peer(engine), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refused("incoming", chain, null, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      pkix.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refused("outgoing", chain, null, e);
    }
  }

  /**
   * None named: a server's certificate request then lists no CA, so a peer with a certificate from
   * another CA still presents it (instead of presenting nothing) and is refused by name and issuer
   * in the log above. What is trusted does not change.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  private static SocketAddress peer(SSLEngine engine) {
    return engine == null || engine.getPeerHost() == null ? null : InetSocketAddress.createUnresolved(engine.getPeerHost(), engine.getPeerPort());
  }

  private static CertificateException refused(String direction, X509Certificate[] chain, SocketAddress peer, CertificateException e) {
    X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
    LOG.log(Level.WARNING, "refused a cluster peer's certificate [connection=" + direction
        + ", peer=" + (peer == null ? "unknown" : peer) + ", subject=" + (leaf == null ? "none" : leaf.getSubjectX500Principal().getName())
        + ", issuer=" + (leaf == null ? "none" : leaf.getIssuerX500Principal().getName()) + ", reason=" + e.getMessage() + "]");
    return e;
  }
}
