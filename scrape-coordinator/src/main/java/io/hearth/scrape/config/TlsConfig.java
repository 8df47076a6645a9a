package io.hearth.scrape.config;

/**
 * TLS settings for scrapes, as Prometheus's {@code tls_config}. Inline PEM ({@code ca},
 * {@code cert}, {@code key}) or files; {@code minVersion}/{@code maxVersion} are {@code TLS10}..
 * {@code TLS13} or empty.
 */
public record TlsConfig(
    String ca, String caFile, String cert, String certFile, String key, String keyFile,
    String serverName, boolean insecureSkipVerify, String minVersion, String maxVersion) {
  public static final TlsConfig DEFAULT = new TlsConfig(null, null, null, null, null, null, null, false, null, null);

  @Override
  public String toString() {
    return "TlsConfig[caFile=" + caFile + ", certFile=" + certFile + ", keyFile=" + keyFile + ", serverName=" + serverName
        + ", insecureSkipVerify=" + insecureSkipVerify + ", minVersion=" + minVersion + ", maxVersion=" + maxVersion + "]";
  }
}
