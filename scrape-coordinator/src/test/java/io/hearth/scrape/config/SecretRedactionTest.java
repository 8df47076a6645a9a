package io.hearth.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every secret field the configuration can hold is shown as {@code <secret>}; paths and names stay. */
class SecretRedactionTest {
  static final String CONFIG = """
      global:
        scrape_interval: 15s
      scrape_configs:
        - job_name: basic
          basic_auth: {username: admin, password: SECRET-1, password_file: /etc/pw}
          static_configs: [{targets: ['a:9100']}]
        - job_name: authz
          authorization: {type: Bearer, credentials: SECRET-2, credentials_file: /etc/cred}
        - job_name: bearer
          bearer_token: SECRET-3
          bearer_token_file: /etc/token
          tls_config: {ca_file: /etc/ca.pem, cert_file: /etc/c.pem, key_file: /etc/k.pem, key: SECRET-4}
          proxy_connect_header: {Proxy-Authorization: [SECRET-5, SECRET-6]}
        - job_name: oauth
          oauth2: {client_id: me, client_secret: SECRET-7, token_url: 'https://x/token'}
          http_headers:
            X-Auth: {values: [public], secrets: [SECRET-8]}
          kubernetes_sd_configs:
            - role: pod
              basic_auth: {username: sd, password: SECRET-9}
              authorization: {credentials: SECRET-10}
      remote_write:
        - url: https://rw/api/v1/write
          basic_auth: {username: rw, password: SECRET-11}
          bearer_token: SECRET-12
          sigv4: {region: eu-west-1, access_key: AKID, secret_key: SECRET-13}
          oauth2: {client_id: rw, client_secret: SECRET-14, token_url: 'https://x/t'}
      remote_read:
        - url: https://rr/api/v1/read
          authorization: {credentials: SECRET-15}
      alerting:
        alertmanagers:
          - basic_auth: {username: am, password: SECRET-16}
            static_configs: [{targets: ['am:9093']}]
      """;

  @Test
  void everySecretFieldIsShownAsSecretAndNothingElseChanges() {
    String shown = SecretRedaction.redact(CONFIG);
    assertFalse(shown.contains("SECRET-"), shown);
    int n = 0;
    for (int i = shown.indexOf("<secret>"); i >= 0; i = shown.indexOf("<secret>", i + 1)) n++;
    assertEquals(16, n, shown);
    for (String kept : new String[] {"/etc/pw", "/etc/cred", "/etc/token", "/etc/k.pem", "admin", "AKID", "public", "role: pod",
        "a:9100", "https://rr/api/v1/read", "scrape_interval: 15s"}) {
      assertTrue(shown.contains(kept), kept + " is kept: " + shown);
    }
  }

  @Test
  void aConfigurationWithoutSecretsKeepsItsContent() {
    String shown = SecretRedaction.redact("global:\n  scrape_interval: 30s\nscrape_configs: []\n");
    assertTrue(shown.contains("scrape_interval: 30s"), shown);
    assertFalse(shown.contains("<secret>"));
  }
}
