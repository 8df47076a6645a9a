package io.hearth.sharding.ignite;

import io.hearth.sharding.tls.ClusterTls;
import java.nio.file.Path;
import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;

/**
 * The SSL context factory Ignite's discovery and communication SPIs call at start: a fresh context
 * from the node's PEM files ({@link ClusterTls}). Ignite's servers require client certificates on
 * both ports (discovery's {@code SSLServerSocket} and communication's NIO SSL filter set
 * needClientAuth), so every connection is mutually authenticated against the cluster CA.
 *
 * <p>Holds the three paths as strings: Ignite's {@code Factory} is {@code Serializable}.
 */
final class ClusterSslContextFactory implements Factory<SSLContext> {
  private static final long serialVersionUID = 1L;

  private final String certFile;
  private final String keyFile;
  private final String caFile;

  ClusterSslContextFactory(ClusterTls tls) {
    this.certFile = tls.certFile().toString();
    this.keyFile = tls.keyFile().toString();
    this.caFile = tls.caFile().toString();
  }

  @Override
  public SSLContext create() {
    return new ClusterTls(Path.of(certFile), Path.of(keyFile), Path.of(caFile)).sslContext();
  }

  @Override
  public String toString() {
    return "ClusterSslContextFactory[cert=" + certFile + ", key=" + keyFile + ", ca=" + caFile + "]";
  }
}
