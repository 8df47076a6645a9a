package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.hearth.node.HearthNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --web.config.file}: with TLS and basic auth, every endpoint (API, UI, health, metrics)
 * refuses a client without credentials with 401 and plain HTTP gets nothing; curl with the CA and
 * the credentials is served; Debian's Prometheus 2.42 remote-writes through TLS with basic auth;
 * a changed file is taken without a restart, including a switch to client certificates.
 */
class WebTlsAuthTest {
  @TempDir Path dir;

  void run(Path cwd, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + " failed: " + out);
  }

  /** curl's HTTP status for a request ("000" when the connection or handshake failed). */
  static String curl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(20, TimeUnit.SECONDS);
    return out;
  }

  /** A CA, a server certificate for 127.0.0.1 and a client certificate, all with PKCS#8 keys. */
  void makeCertificates() throws Exception {
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=hearth-test-ca");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    for (String name : new String[] {"server", "client"}) {
      run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
      run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", name + ".crt", "-days", "2", "-extfile", "san.ext");
    }
  }

  static String bcrypt(String password) {
    return BCrypt.withDefaults().hashToString(10, password.toCharArray());
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void tlsAndBasicAuthGuardEveryEndpointAndPrometheusRemoteWritesThroughThem() throws Exception {
    makeCertificates();
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
        + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
        + "basic_auth_users:\n  agent: '" + bcrypt("s3cret") + "'\n");
    Path promYml = dir.resolve("hearth.yml");
    Files.writeString(promYml, "global:\n  scrape_interval: 15s\n");
    Map<String, String> flags = Map.of("web.config.file", web.toString());
    try (HearthNode node = TestNodeConfig.of(dir, "web-tls").configFile(promYml).lifecycle(true).flags(flags).start()) {
      int port = node.address().getPort();
      String https = "https://127.0.0.1:" + port;
      String ca = dir.resolve("ca.crt").toString();
      for (String path : List.of("/api/v1/query?query=up", "/-/ready", "/-/healthy", "/metrics", "/graph", "/api/v1/status/config",
          "/api/v1/write", "/federate?match[]=up")) {
        assertEquals("401", curl("--cacert", ca, https + path), "no credentials: " + path);
        assertEquals("401", curl("--cacert", ca, "-u", "agent:wrong", https + path), "wrong password: " + path);
      }
      assertEquals("200", curl("--cacert", ca, "-u", "agent:s3cret", https + "/api/v1/query?query=1"));
      assertEquals("200", curl("--cacert", ca, "-u", "agent:s3cret", https + "/graph"));
      assertEquals("000", curl("http://127.0.0.1:" + port + "/-/ready"), "plain HTTP gets no answer");
      assertNotEquals("200", curl("-k", "-u", "agent:s3cret", "--tlsv1.0", "--tls-max", "1.1", https + "/-/ready"),
          "TLS below 1.2 is refused");

      // Debian's Prometheus 2.42 scrapes itself and remote-writes to Hearth over TLS with basic auth.
      int promPort = PrometheusFixture.reservePort();
      String prom = "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prom\n    static_configs:\n"
          + "      - targets: ['127.0.0.1:" + promPort + "']\nremote_write:\n  - url: " + https + "/api/v1/write\n"
          + "    tls_config:\n      ca_file: " + ca + "\n    basic_auth:\n      username: agent\n      password: s3cret\n"
          + "    queue_config:\n      batch_send_deadline: 1s\n";
      try (PrometheusFixture p = PrometheusFixture.start(dir.resolve("prometheus"), promPort, prom)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String got = "";
        while (System.nanoTime() < deadline) {
          got = curlBody("--cacert", ca, "-u", "agent:s3cret", https + "/api/v1/query?query=up%7Bjob%3D%22prom%22%7D");
          if (got.contains("\"job\":\"prom\"")) break;
          Thread.sleep(500);
        }
        assertTrue(got.contains("\"job\":\"prom\""), "Prometheus's samples arrived over TLS with basic auth: " + got);
      }

      // The file changes: client certificates are now required; no restart.
      Thread.sleep(1100);
      Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
          + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n");
      Thread.sleep(1100);
      curl("--cacert", ca, https + "/-/ready"); // the first request after the change reloads
      assertNotEquals("200", curl("--cacert", ca, https + "/-/ready"), "without a client certificate");
      assertEquals("200", curl("--cacert", ca, "--cert", dir.resolve("client.crt").toString(), "--key",
          dir.resolve("client.key").toString(), https + "/-/ready"), "with a client certificate from the CA, no password needed now");
    }
  }

  static String curlBody(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    return out;
  }
}
