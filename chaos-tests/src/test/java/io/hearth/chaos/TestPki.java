package io.hearth.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away certificate authorities and node certificates for the TLS tests, made with the
 * {@code openssl} command (installed with apt-get when missing) in a directory of the test: EC
 * P-256 keys in PKCS#8, valid for two days, node certificates for server and client use naming
 * 127.0.0.1, as cert-manager's secrets hold them ({@code tls.crt}, {@code tls.key}, {@code ca.crt}).
 */
final class TestPki {
  /** A CA: its certificate and key. */
  record Ca(Path dir, Path cert, Path key) {
    /** A node certificate signed by this CA, in {@code dir/<cn>/tls.crt} and {@code tls.key}. */
    Identity issue(String cn) throws IOException, InterruptedException {
      Path d = Files.createDirectories(dir.resolve(cn));
      Path key = d.resolve("tls.key");
      Path csr = d.resolve("tls.csr");
      Path cert = d.resolve("tls.crt");
      Path ext = Files.writeString(d.resolve("ext.cnf"), "basicConstraints=critical,CA:FALSE\n"
          + "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n"
          + "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
      openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
          "-out", csr.toString(), "-subj", "/CN=" + cn);
      openssl("x509", "-req", "-in", csr.toString(), "-CA", this.cert.toString(), "-CAkey", this.key.toString(), "-CAcreateserial",
          "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
      return new Identity(cert, key);
    }
  }

  /** A node's certificate chain and PKCS#8 key. */
  record Identity(Path cert, Path key) {}

  private TestPki() {}

  /** A self-signed CA named {@code cn} in {@code dir/<cn>/}. */
  static Ca ca(Path dir, String cn) throws IOException, InterruptedException {
    Path d = Files.createDirectories(dir.resolve(cn));
    Path cert = d.resolve("ca.crt");
    Path key = d.resolve("ca.key");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
        "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + cn,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new Ca(d, cert, key);
  }

  /** One PEM file holding all of {@code certs}, as a CA bundle. */
  static Path bundle(Path file, Path... certs) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path c : certs) b.append(Files.readString(c));
    return Files.writeString(file, b.toString());
  }

  private static boolean installed;

  private static synchronized void ensureOpenssl() throws IOException, InterruptedException {
    if (installed) return;
    if (run(List.of("openssl", "version")) != 0) {
      // Debian images without it: the tests run as root, as CI does
      int rc = run(List.of("apt-get", "install", "-y", "-q", "openssl"));
      if (rc != 0 || run(List.of("openssl", "version")) != 0) {
        throw new IllegalStateException("the TLS tests need the openssl command (apt-get install openssl failed with " + rc + ")");
      }
    }
    installed = true;
  }

  private static int run(List<String> cmd) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException notThere) {
      return -1;
    }
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    ensureOpenssl();
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
