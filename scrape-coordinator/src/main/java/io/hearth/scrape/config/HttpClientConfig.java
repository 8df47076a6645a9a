package io.hearth.scrape.config;

import java.util.Map;

/**
 * The HTTP client part of a scrape config (Prometheus's common {@code HTTPClientConfig}, inlined in
 * the scrape config). After validation, {@code bearer_token}/{@code bearer_token_file} have been
 * folded into {@link #authorization()} as Prometheus does. {@code oauth2}, proxy headers and
 * {@code http_headers} are kept raw (not acted on yet).
 */
public record HttpClientConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    Map<String, Object> oauth2,
    String bearerToken,
    String bearerTokenFile,
    TlsConfig tlsConfig,
    boolean followRedirects,
    boolean enableHttp2,
    String proxyUrl,
    String noProxy,
    boolean proxyFromEnvironment,
    Map<String, Object> proxyConnectHeader,
    Map<String, Object> httpHeaders) {

  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, null, null, null, TlsConfig.DEFAULT, true, true, null, null, false, null, null);
}
