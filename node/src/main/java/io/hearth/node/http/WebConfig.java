package io.hearth.node.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hearth.sharding.tls.PemCredentials;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus's web configuration file ({@code --web.config.file}, the exporter-toolkit format):
 * {@code tls_server_config} (cert and key files, client CA and client auth type, minimum and
 * maximum TLS version, cipher suites), {@code http_server_config.headers} added to every answer,
 * and {@code basic_auth_users} with bcrypt hashes. Immutable once parsed; {@link WebSecurity}
 * re-reads the files when they change.
 */
public final class WebConfig {
  private static final YAMLMapper YAML = (YAMLMapper) new YAMLMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "basic_auth_users");
  private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version",
      "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences", "client_allowed_sans");
  private static final Set<String> HTTP = Set.of("http2", "headers");
  private static final Map<String, String> VERSIONS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2",
      "TLS13", "TLSv1.3");
  /** Headers Prometheus refuses to let the file set. */
  private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "www-authenticate", "content-encoding",
      "content-length", "content-type", "upgrade");

  /** The TLS context, or null for plain HTTP. */
  final SslContext ssl;
  /** user -> bcrypt hash; empty: no authentication. */
  final Map<String, String> users;
  final Map<String, String> headers;
  /** Every file this configuration was read from, to notice changes. */
  final List<Path> files;

  private WebConfig(SslContext ssl, Map<String, String> users, Map<String, String> headers, List<Path> files) {
    this.ssl = ssl;
    this.users = users;
    this.headers = headers;
    this.files = files;
  }

  /** No TLS, no authentication: what Hearth serves without {@code --web.config.file}. */
  static final WebConfig NONE = new WebConfig(null, Map.of(), Map.of(), List.of());

  /**
   * Reads and checks a web configuration file.
   *
   * @throws IllegalArgumentException with the problem, as Prometheus states it where it states one
   */
  public static WebConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("open " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("yaml: " + e.getMessage());
    }
    List<Path> files = new ArrayList<>(List.of(file));
    if (root == null || root.isMissingNode() || root.isNull()) return new WebConfig(null, Map.of(), Map.of(), files);
    if (!root.isObject()) throw new IllegalArgumentException("yaml: unmarshal errors: cannot unmarshal into web.Config");
    known(root, TOP, "web.Config");
    Path dir = file.toAbsolutePath().getParent();
    SslContext ssl = tls(root.get("tls_server_config"), dir, files);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode http = root.get("http_server_config");
    if (http != null && !http.isNull()) {
      known(http, HTTP, "web.HTTPConfig");
      JsonNode h = http.get("headers");
      if (h != null && !h.isNull()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> e = it.next();
          if (RESERVED_HEADERS.contains(e.getKey().toLowerCase())) {
            throw new IllegalArgumentException("HTTP header " + e.getKey() + " can not be configured");
          }
          headers.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    Map<String, String> users = new LinkedHashMap<>();
    JsonNode auth = root.get("basic_auth_users");
    if (auth != null && !auth.isNull()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = auth.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        String hash = e.getValue().asText();
        if (!hash.startsWith("$2")) {
          throw new IllegalArgumentException("basic_auth_users: the password of " + e.getKey() + " is not a bcrypt hash ($2a$, $2b$ or $2y$)");
        }
        users.put(e.getKey(), hash);
      }
    }
    return new WebConfig(ssl, Map.copyOf(users), Map.copyOf(headers), List.copyOf(files));
  }

  private static void known(JsonNode node, Set<String> fields, String type) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!fields.contains(f)) throw new IllegalArgumentException("yaml: unmarshal errors:\n  field " + f + " not found in type " + type);
    }
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static SslContext tls(JsonNode t, Path dir, List<Path> files) {
    if (t == null || t.isNull()) return null;
    known(t, TLS, "web.TLSConfig");
    String cert = str(t, "cert_file");
    String key = str(t, "key_file");
    if (cert.isEmpty() && key.isEmpty()) return null;
    if (cert.isEmpty()) throw new IllegalArgumentException("missing cert_file");
    if (key.isEmpty()) throw new IllegalArgumentException("missing key_file");
    Path certPath = dir.resolve(cert);
    Path keyPath = dir.resolve(key);
    files.add(certPath);
    files.add(keyPath);
    List<X509Certificate> chain = PemCredentials.certificates(certPath, "web TLS cert_file");
    PrivateKey pk = PemCredentials.privateKey(keyPath, "web TLS key_file", certPath, chain.get(0));
    String authType = str(t, "client_auth_type");
    if (authType.isEmpty()) authType = "NoClientCert";
    String caFile = str(t, "client_ca_file");
    ClientAuth clientAuth;
    boolean verify;
    switch (authType) {
      case "NoClientCert" -> {
        clientAuth = ClientAuth.NONE;
        verify = false;
      }
      case "RequestClientCert" -> {
        clientAuth = ClientAuth.OPTIONAL;
        verify = false;
      }
      case "RequireAnyClientCert" -> {
        clientAuth = ClientAuth.REQUIRE;
        verify = false;
      }
      case "VerifyClientCertIfGiven" -> {
        clientAuth = ClientAuth.OPTIONAL;
        verify = true;
      }
      case "RequireAndVerifyClientCert" -> {
        clientAuth = ClientAuth.REQUIRE;
        verify = true;
      }
      default -> throw new IllegalArgumentException("Invalid ClientAuth: " + authType);
    }
    if (!caFile.isEmpty() && clientAuth == ClientAuth.NONE) {
      throw new IllegalArgumentException("Client CA's have been configured without a Client Auth Policy");
    }
    if (verify && caFile.isEmpty()) {
      throw new IllegalArgumentException("client_auth_type " + authType + " needs client_ca_file");
    }
    try {
      SslContextBuilder b = SslContextBuilder.forServer(pk, chain.toArray(X509Certificate[]::new)).sslProvider(SslProvider.JDK)
          .clientAuth(clientAuth);
      if (verify) {
        Path ca = dir.resolve(caFile);
        files.add(ca);
        b.trustManager(PemCredentials.certificates(ca, "web TLS client_ca_file").toArray(X509Certificate[]::new));
      } else if (clientAuth != ClientAuth.NONE) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE); // a certificate is asked for, not verified (Go's semantics)
      }
      String min = str(t, "min_version");
      String max = str(t, "max_version");
      List<String> protocols = new ArrayList<>();
      int lo = versionIndex(min.isEmpty() ? "TLS12" : min);
      int hi = versionIndex(max.isEmpty() ? "TLS13" : max);
      String[] order = {"TLS10", "TLS11", "TLS12", "TLS13"};
      for (int i = lo; i <= hi; i++) protocols.add(VERSIONS.get(order[i]));
      if (protocols.isEmpty()) throw new IllegalArgumentException("max_version must be greater than or equal to min_version");
      b.protocols(protocols);
      JsonNode ciphers = t.get("cipher_suites");
      if (ciphers != null && ciphers.isArray() && !ciphers.isEmpty()) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : ciphers) names.add(c.asText());
        b.ciphers(names);
      }
      return b.build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalArgumentException("web TLS configuration: " + e.getMessage());
    }
  }

  private static int versionIndex(String v) {
    return switch (v) {
      case "TLS10" -> 0;
      case "TLS11" -> 1;
      case "TLS12" -> 2;
      case "TLS13" -> 3;
      default -> throw new IllegalArgumentException("unknown TLS version: " + v);
    };
  }

  /** Whether {@code user}/{@code password} match a configured user (bcrypt). */
  boolean verify(String user, String password) {
    String hash = users.get(user);
    if (hash == null) return false;
    return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
  }
}
