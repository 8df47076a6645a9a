package io.hearth.sharding.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS identity of a cluster node and the CA its peers must be signed by, as three PEM files:
 * the node's certificate chain (leaf first), its private key in PKCS#8 ({@code BEGIN PRIVATE KEY},
 * unencrypted; RSA, EC or Ed25519) and the cluster CA certificate(s). The layout of a cert-manager
 * secret ({@code tls.crt}, {@code tls.key} with {@code privateKey.encoding: PKCS8}, {@code ca.crt}).
 *
 * <p>{@link #sslContext()} reads the files each time it is called (so a new context after a restart
 * sees rotated files; a running node keeps the context it started with). Immutable and thread-safe.
 * Peers are trusted when their chain leads to a CA of the CA file: there is no host name check, since
 * nodes dial each other by IP while certificates name DNS names, so every holder of a certificate
 * from this CA is a cluster member. Give the cluster a CA of its own.
 */
public record ClusterTls(Path certFile, Path keyFile, Path caFile) {
  static final String CERT = "cluster TLS certificate file";
  static final String KEY = "cluster TLS key file";
  static final String CA = "cluster TLS CA file";
  /** Only protects the in-memory key store, which never leaves this process. */
  private static final char[] IN_MEMORY = "hearth".toCharArray();

  /**
   * Reads and checks the three files and builds a context that presents the node's chain and trusts
   * only the CA file's certificates.
   *
   * @throws IllegalArgumentException a one-line statement naming the file and the problem: missing
   *     or unreadable, not PEM, no certificate, a key that is not PKCS#8 or does not match the
   *     certificate, an expired certificate, or a chain that the CA file does not sign
   */
  public SSLContext sslContext() {
    List<X509Certificate> chain = PemCredentials.certificates(certFile, CERT);
    List<X509Certificate> cas = PemCredentials.certificates(caFile, CA);
    X509Certificate leaf = chain.get(0);
    PrivateKey key = PemCredentials.privateKey(keyFile, KEY, certFile, leaf);
    checkNotExpired(leaf);
    checkIssuedBy(chain, cas);
    try {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      identity.setKeyEntry("node", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity, IN_MEMORY);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < cas.size(); i++) trust.setCertificateEntry("ca-" + i, cas.get(i));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) pkix = x;
      }
      if (pkix == null) throw new IllegalStateException("no X509ExtendedTrustManager from PKIX");
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), new TrustManager[] {new PeerTrustManager(pkix)}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cluster TLS context cannot be built: " + e.getMessage()
          + " [cert=" + certFile + ", key=" + keyFile + ", ca=" + caFile + "]", e);
    }
  }

  private void checkNotExpired(X509Certificate leaf) {
    if (leaf.getNotAfter().getTime() < System.currentTimeMillis()) {
      throw new IllegalArgumentException(CERT + " holds a certificate that expired at " + leaf.getNotAfter().toInstant()
          + " [file=" + certFile + ", subject=" + leaf.getSubjectX500Principal().getName() + "]");
    }
  }

  /** Peers check the chain against their CA file; a node whose own chain fails that check could never join. */
  private void checkIssuedBy(List<X509Certificate> chain, List<X509Certificate> cas) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate ca : cas) anchors.add(new TrustAnchor(ca, null));
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      // the path ends before the anchor (a tls.crt may carry the CA after the leaf)
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        if (cas.contains(c)) break;
        path.add(c);
      }
      if (path.isEmpty()) return; // the node's certificate is itself a trusted CA certificate
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    } catch (GeneralSecurityException e) {
      X509Certificate leaf = chain.get(0);
      throw new IllegalArgumentException(CERT + " is not issued by the cluster CA: " + e.getMessage() + " [file=" + certFile
          + ", ca=" + caFile + ", issuer=" + leaf.getIssuerX500Principal().getName() + "]");
    }
  }
}
