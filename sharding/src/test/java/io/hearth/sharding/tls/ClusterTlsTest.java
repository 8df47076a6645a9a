package io.hearth.sharding.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PEM files (test fixtures, see the README beside them) into an SSLContext, and the one-line errors for bad files. */
@Timeout(30)
class ClusterTlsTest {
  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(ClusterTlsTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ClusterTls tls(String cert, String key, String ca) {
    return new ClusterTls(fixture(cert), fixture(key), fixture(ca));
  }

  /** Handshakes a client to a server that requires client certificates, as Ignite's servers do; returns the client's subject as the server saw it. */
  static String handshake(SSLContext server, SSLContext client) throws Exception {
    try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ss.setNeedClientAuth(true);
      CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) ss.accept()) {
          s.setSoTimeout(5_000);
          s.startHandshake();
          s.getOutputStream().write(1);
          s.getOutputStream().flush();
          return s.getSession().getPeerPrincipal().getName();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
        c.setSoTimeout(5_000);
        c.startHandshake();
        // with TLS 1.3 the server checks the client's certificate after the client's handshake ended: read to see its verdict
        assertEquals(1, c.getInputStream().read());
      }
      return seen.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void nodesWithCertificatesFromTheSameCaHandshakeWithMutualAuthentication() throws Exception {
    SSLContext ec = tls("node-a.crt", "node-a.key", "ca.crt").sslContext();
    SSLContext rsa = tls("node-b.crt", "node-b.key", "ca.crt").sslContext();
    assertEquals("CN=node-b", handshake(ec, rsa));
    assertEquals("CN=node-a", handshake(rsa, ec));
  }

  @Test
  void aPeerWithACertificateFromAnotherCaIsRefusedAndLogged() throws Exception {
    SSLContext server = tls("node-a.crt", "node-a.key", "ca.crt").sslContext();
    // the intruder trusts the cluster CA (a public certificate) besides its own, which signed its certificate
    Path both = Files.writeString(tmp.resolve("both.crt"), Files.readString(fixture("foreign-ca.crt")) + Files.readString(fixture("ca.crt")));
    SSLContext intruder = new ClusterTls(fixture("foreign.crt"), fixture("foreign.key"), both).sslContext();
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override public void publish(LogRecord r) {
        logged.add(r.getMessage());
      }

      @Override public void flush() {}

      @Override public void close() {}
    };
    Logger log = Logger.getLogger(PeerTrustManager.class.getName());
    log.addHandler(h);
    try {
      assertThrows(Exception.class, () -> handshake(server, intruder));
    } finally {
      log.removeHandler(h);
    }
    assertEquals(1, logged.size(), logged.toString());
    String line = logged.get(0);
    assertTrue(line.startsWith("refused a cluster peer's certificate [connection=incoming, peer=/127.0.0.1:"), line);
    assertTrue(line.contains("subject=CN=foreign, issuer=CN=foreign-test-ca"), line);
  }

  @Test
  void aCertificateThatTheCaFileDidNotSignIsAStartupError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tls("foreign.crt", "foreign.key", "ca.crt").sslContext());
    assertTrue(e.getMessage().startsWith("cluster TLS certificate file is not issued by the cluster CA: "), e.getMessage());
    assertTrue(e.getMessage().contains("issuer=CN=foreign-test-ca"), e.getMessage());
  }

  @Test
  void aPkcs1KeyIsRefusedWithHowToGetPkcs8() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tls("node-b.crt", "node-b-pkcs1.key", "ca.crt").sslContext());
    assertEquals("cluster TLS key file holds a \"BEGIN RSA PRIVATE KEY\" key (PKCS#1/SEC1); PKCS#8 (\"BEGIN PRIVATE KEY\") is needed:"
        + " set privateKey.encoding: PKCS8 in the cert-manager Certificate, or convert with openssl pkcs8 -topk8 -nocrypt [file="
        + fixture("node-b-pkcs1.key") + "]", e.getMessage());
  }

  @Test
  void anEncryptedKeyIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tls("node-b.crt", "node-b-encrypted.key", "ca.crt").sslContext());
    assertTrue(e.getMessage().startsWith("cluster TLS key file holds an encrypted key;"), e.getMessage());
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefused() {
    IllegalArgumentException otherType = assertThrows(IllegalArgumentException.class,
        () -> tls("node-a.crt", "node-b.key", "ca.crt").sslContext());
    assertEquals("cluster TLS key file holds an RSA key but the certificate's key is EC [file=" + fixture("node-b.key")
        + ", certificate=" + fixture("node-a.crt") + "]", otherType.getMessage());
    IllegalArgumentException sameType = assertThrows(IllegalArgumentException.class,
        () -> tls("node-a.crt", "foreign.key", "ca.crt").sslContext());
    assertTrue(sameType.getMessage().startsWith("cluster TLS key file does not match the certificate:"), sameType.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = tmp.resolve("tls.crt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClusterTls(missing, fixture("node-a.key"), fixture("ca.crt")).sslContext());
    assertEquals("cluster TLS certificate file does not exist [file=" + missing + "]", e.getMessage());
  }

  @Test
  void aCertificateFileWithoutCertificatesIsRefusedWithoutShowingWhatItHolds() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tls("node-a.key", "node-a.key", "ca.crt").sslContext());
    assertEquals("cluster TLS certificate file holds no \"BEGIN CERTIFICATE\" block (found PRIVATE KEY) [file=" + fixture("node-a.key") + "]",
        e.getMessage());
    String key = Files.readString(fixture("node-a.key"));
    String body = key.substring(key.indexOf('\n') + 1, key.indexOf('\n') + 20);
    assertFalse(e.getMessage().contains(body), "key content in the message");
  }

  @Test
  void aFileThatIsNotPemIsRefused() throws IOException {
    Path garbage = Files.writeString(tmp.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClusterTls(fixture("node-a.crt"), fixture("node-a.key"), garbage).sslContext());
    assertEquals("cluster TLS CA file is not valid PEM: the CERTIFICATE block is not base64 [file=" + garbage + "]", e.getMessage());
    Path empty = Files.writeString(tmp.resolve("empty.crt"), "");
    e = assertThrows(IllegalArgumentException.class, () -> new ClusterTls(fixture("node-a.crt"), fixture("node-a.key"), empty).sslContext());
    assertEquals("cluster TLS CA file holds no \"BEGIN CERTIFICATE\" block [file=" + empty + "]", e.getMessage());
  }
}
