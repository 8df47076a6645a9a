package io.hearth.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad {@code --web.config.file} is refused with the problem stated, as Prometheus states it. */
class WebConfigTest {
  @TempDir Path dir;

  String error(String yaml) throws Exception {
    Path f = dir.resolve("web.yml");
    Files.writeString(f, yaml);
    return assertThrows(IllegalArgumentException.class, () -> WebConfig.load(f)).getMessage();
  }

  @Test
  void badFilesAreRefusedWithTheProblemStated() throws Exception {
    assertTrue(error("tls_server_config:\n  cert_file: a.crt\n").contains("missing key_file"));
    assertTrue(error("tls_server_config:\n  key_file: a.key\n").contains("missing cert_file"));
    assertTrue(error("nope: 1\n").contains("field nope not found in type web.Config"));
    assertTrue(error("tls_server_config:\n  cert_fil: a\n").contains("field cert_fil not found in type web.TLSConfig"));
    assertTrue(error("basic_auth_users:\n  u: plain\n").contains("not a bcrypt hash"));
    assertTrue(error("http_server_config:\n  headers:\n    Authorization: x\n").contains("HTTP header Authorization can not be configured"));
    String missing = error("tls_server_config:\n  cert_file: nothere.crt\n  key_file: nothere.key\n");
    assertTrue(missing.contains("nothere.crt"), missing);
  }

  @Test
  void anEmptyFileMeansPlainHttpWithoutAuthentication() throws Exception {
    Path f = dir.resolve("empty.yml");
    Files.writeString(f, "");
    WebConfig c = WebConfig.load(f);
    assertEquals(null, c.ssl);
    assertTrue(c.users.isEmpty());
  }
}
