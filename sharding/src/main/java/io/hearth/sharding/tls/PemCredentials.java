package io.hearth.sharding.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Certificates and private keys from PEM files, with errors that name the file and the problem:
 * the one place Hearth reads TLS credentials (cluster TLS here, the web server's TLS in the node).
 */
public final class PemCredentials {
  private PemCredentials() {}

  /**
   * The certificates of a PEM file, in file order.
   *
   * @param what how errors name the file (e.g. "cluster TLS CA file")
   * @throws IllegalArgumentException naming the file: unreadable, not PEM, no certificate, or one that does not parse
   */
  public static List<X509Certificate> certificates(Path file, String what) {
    List<X509Certificate> out = new ArrayList<>();
    Set<String> others = new HashSet<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Pem.Block b : Pem.read(file, what)) {
        if (!b.label().equals("CERTIFICATE")) {
          others.add(b.label());
          continue;
        }
        try {
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        } catch (CertificateException e) {
          throw new IllegalArgumentException(what + " holds a certificate that cannot be parsed: " + e.getMessage() + " [file=" + file + "]");
        }
      }
    } catch (CertificateException e) {
      throw new IllegalStateException("X.509 certificate factory missing", e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(what + " holds no \"BEGIN CERTIFICATE\" block"
          + (others.isEmpty() ? "" : " (found " + String.join(", ", others) + ")") + " [file=" + file + "]");
    }
    return out;
  }

  /**
   * The unencrypted PKCS#8 private key of a PEM file, checked against the certificate {@code leaf}
   * (read from {@code certFile}) by signing a challenge.
   *
   * @param what how errors name the key file
   * @throws IllegalArgumentException naming the file: no key, PKCS#1/SEC1 or encrypted, another algorithm, not matching
   */
  public static PrivateKey privateKey(Path keyFile, String what, Path certFile, X509Certificate leaf) {
    final String KEY = what;
    byte[] pkcs8 = null;
    for (Pem.Block b : Pem.read(keyFile, KEY)) {
      switch (b.label()) {
        case "PRIVATE KEY" -> pkcs8 = b.der();
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException(KEY + " holds a \"BEGIN " + b.label()
            + "\" key (PKCS#1/SEC1); PKCS#8 (\"BEGIN PRIVATE KEY\") is needed: set privateKey.encoding: PKCS8 in the cert-manager"
            + " Certificate, or convert with openssl pkcs8 -topk8 -nocrypt [file=" + keyFile + "]");
        case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(KEY
            + " holds an encrypted key; an unencrypted PKCS#8 key (\"BEGIN PRIVATE KEY\") is needed [file=" + keyFile + "]");
        default -> { }
      }
      if (pkcs8 != null) break;
    }
    if (pkcs8 == null) throw new IllegalArgumentException(KEY + " holds no \"BEGIN PRIVATE KEY\" block [file=" + keyFile + "]");
    String certAlg = leaf.getPublicKey().getAlgorithm();
    PrivateKey key = decode(pkcs8, certAlg);
    if (key == null) {
      for (String alg : new String[] {"RSA", "EC", "EdDSA"}) {
        if (!alg.equals(certAlg) && decode(pkcs8, alg) != null) {
          throw new IllegalArgumentException(KEY + " holds an " + alg + " key but the certificate's key is " + certAlg
              + " [file=" + keyFile + ", certificate=" + certFile + "]");
        }
      }
      throw new IllegalArgumentException(KEY + " holds no PKCS#8 key this JVM can read (" + certAlg + " expected) [file=" + keyFile + "]");
    }
    if (!matches(key, leaf)) {
      throw new IllegalArgumentException(KEY + " does not match the certificate: the key signs what the certificate's public key"
          + " does not verify [file=" + keyFile + ", certificate=" + certFile + "]");
    }
    return key;
  }

  private static PrivateKey decode(byte[] pkcs8, String alg) {
    try {
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** Signs a random challenge with the key and verifies it with the certificate; true for key types not covered. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String sigAlg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
      default -> null;
    };
    if (sigAlg == null) return true;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature s = Signature.getInstance(sigAlg);
      s.initSign(key);
      s.update(challenge);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(sigAlg);
      v.initVerify(cert.getPublicKey());
      v.update(challenge);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

}
