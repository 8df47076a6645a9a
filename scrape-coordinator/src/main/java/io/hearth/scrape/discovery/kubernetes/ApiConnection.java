package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.hearth.scrape.config.Authorization;
import io.hearth.scrape.config.BasicAuth;
import io.hearth.scrape.config.HttpClientConfig;
import io.hearth.scrape.config.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * How to reach an API server: a fabric8 {@link Config} built from a {@code kubernetes_sd_config}
 * the way Prometheus picks its client ({@code kubeconfig_file}, else {@code api_server} with the
 * HTTP client settings, else the in-cluster service account), never from the user's
 * {@code ~/.kube/config} or environment by accident. Immutable.
 *
 * @param config the client configuration
 * @param ownNamespace the namespace Hearth runs in (in-cluster only), or null
 */
public record ApiConnection(Config config, String ownNamespace) {
  /** Where Kubernetes mounts the pod's service account. */
  public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  static final String USER_AGENT = "Hearth";
  /** Requests to the API server: connection and request deadlines, in milliseconds. */
  static final int CONNECT_TIMEOUT_MS = 10_000;
  static final int REQUEST_TIMEOUT_MS = 30_000;

  /** A client for this connection; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** An explicit API server URL with no authentication (tests, local proxies such as {@code kubectl proxy}). */
  public static ApiConnection forUrl(String url) {
    return new ApiConnection(base().withMasterUrl(url).build(), null);
  }

  /**
   * The connection a config asks for, falling back to {@code inCluster} when it names neither an
   * API server nor a kubeconfig file.
   *
   * @throws IllegalStateException when a referenced file cannot be read
   */
  public static ApiConnection of(KubernetesSdConfig sd, java.util.function.Supplier<ApiConnection> inCluster) {
    if (sd.kubeconfigFile() != null) {
      try {
        String text = Files.readString(Path.of(sd.kubeconfigFile()), StandardCharsets.UTF_8);
        Config c = Config.fromKubeconfig(text);
        c.setUserAgent(USER_AGENT);
        c.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        c.setRequestTimeout(REQUEST_TIMEOUT_MS);
        return new ApiConnection(c, null);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read kubeconfig_file " + sd.kubeconfigFile() + ": " + e.getMessage(), e);
      }
    }
    if (sd.apiServer() == null) return inCluster.get();
    return new ApiConnection(withHttp(base().withMasterUrl(sd.apiServer()), sd.http()).build(), null);
  }

  /**
   * The in-cluster connection from {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and the mounted
   * service account (token re-read on every request, so rotated tokens are picked up).
   *
   * @throws IllegalStateException with client-go's wording when not running in a pod
   */
  public static ApiConnection inCluster(Map<String, String> env, Path serviceAccountDir) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
      throw new IllegalStateException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
          + "KUBERNETES_SERVICE_PORT must be defined");
    }
    Path token = serviceAccountDir.resolve("token");
    if (!Files.isReadable(token)) {
      throw new IllegalStateException("open " + token + ": no such file or directory");
    }
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    ConfigBuilder b = base().withMasterUrl("https://" + h + ":" + port)
        .withOauthTokenProvider(fileToken(token.toString()));
    Path ca = serviceAccountDir.resolve("ca.crt");
    if (Files.isReadable(ca)) b.withCaCertFile(ca.toString());
    String own = null;
    Path nsFile = serviceAccountDir.resolve("namespace");
    if (Files.isReadable(nsFile)) {
      try {
        own = Files.readString(nsFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        own = null;
      }
    }
    return new ApiConnection(b.build(), own == null || own.isEmpty() ? null : own);
  }

  /** {@link #inCluster(Map, Path)} with the process environment and the standard mount. */
  public static ApiConnection inCluster() {
    return inCluster(System.getenv(), SERVICE_ACCOUNT_DIR);
  }

  private static ConfigBuilder base() {
    return new ConfigBuilder(Config.empty()).withUserAgent(USER_AGENT).withConnectionTimeout(CONNECT_TIMEOUT_MS)
        .withRequestTimeout(REQUEST_TIMEOUT_MS).withWatchReconnectInterval(1000).withWatchReconnectLimit(-1);
  }

  private static ConfigBuilder withHttp(ConfigBuilder b, HttpClientConfig h) {
    BasicAuth basic = h.basicAuth();
    if (basic != null) {
      b.withUsername(basic.usernameFile().isEmpty() ? basic.username() : readTrimmed(basic.usernameFile()));
      b.withPassword(basic.passwordFile().isEmpty() ? basic.password() : readTrimmed(basic.passwordFile()));
    }
    Authorization a = h.authorization();
    String credentials = null;
    String credentialsFile = null;
    if (a != null) {
      credentials = a.credentials().isEmpty() ? null : a.credentials();
      credentialsFile = a.credentialsFile().isEmpty() ? null : a.credentialsFile();
    } else {
      credentials = h.bearerToken();
      credentialsFile = h.bearerTokenFile();
    }
    if (credentialsFile != null) b.withOauthTokenProvider(fileToken(credentialsFile));
    else if (credentials != null) b.withOauthToken(credentials);
    TlsConfig t = h.tlsConfig();
    if (t.ca() != null) b.withCaCertData(base64(t.ca()));
    if (t.caFile() != null) b.withCaCertFile(t.caFile());
    if (t.cert() != null) b.withClientCertData(base64(t.cert()));
    if (t.certFile() != null) b.withClientCertFile(t.certFile());
    if (t.key() != null) b.withClientKeyData(base64(t.key()));
    if (t.keyFile() != null) b.withClientKeyFile(t.keyFile());
    if (t.insecureSkipVerify()) b.withTrustCerts(true).withDisableHostnameVerification(true);
    if (h.proxyUrl() != null) b.withHttpProxy(h.proxyUrl()).withHttpsProxy(h.proxyUrl());
    if (h.noProxy() != null) b.withNoProxy(h.noProxy().split(","));
    return b;
  }

  private static OAuthTokenProvider fileToken(String file) {
    return () -> readTrimmed(file);
  }

  private static String readTrimmed(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
