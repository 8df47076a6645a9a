/**
 * Node-to-node TLS: the SSL context the cluster transport (Ignite discovery and communication)
 * runs on, built from the PEM files Kubernetes and cert-manager mount ({@code tls.crt},
 * {@code tls.key}, {@code ca.crt}).
 *
 * <p>{@link io.hearth.sharding.tls.ClusterTls} reads and checks the three files (a certificate chain,
 * a PKCS#8 key that matches it, and the cluster CA the chain must lead to) and builds an
 * {@link javax.net.ssl.SSLContext} whose only trust anchors are that CA; {@link
 * io.hearth.sharding.tls.PeerTrustManager} logs every peer certificate it refuses. A bad file is an
 * {@link java.lang.IllegalArgumentException} naming the file and the problem, raised before anything
 * listens.
 *
 * <p>This package owns key material and trust only: it knows nothing of Ignite (the factory Ignite
 * calls lives in {@code io.hearth.sharding.ignite}), never writes a key anywhere, and never puts key
 * content into a message or a log line.
 */
package io.hearth.sharding.tls;
