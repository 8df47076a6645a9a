package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/admin/tsdb/snapshot} answers as Prometheus does and leaves the files where
 * {@code /api/v1/status/snapshots} says; a bad {@code skip_head} is a 400 naming it; decommission on a
 * node without a cluster is a 400 saying so.
 */
class SnapshotApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void snapshotAnswersWithItsNameAndItsFilesAreListed() throws Exception {
    try (HearthNode node = AdminGateTest.start(dir, "snap", true, false)) {
      String base = "http://127.0.0.1:" + node.address().getPort();
      PromApiClient.Reply r = AdminGateTest.send(base, "POST", "/api/v1/admin/tsdb/snapshot?skip_head=true");
      assertEquals(200, r.status(), r.body());
      JsonNode body = JSON.readTree(r.body());
      assertEquals("success", body.path("status").asText(), r.body());
      String name = body.path("data").path("name").asText();
      assertTrue(name.matches("\\d{8}T\\d{6}Z_[0-9a-f]{16}"), name);
      assertEquals(1, body.path("data").size(), "data holds only the name: " + r.body());

      JsonNode listed = JSON.readTree(AdminGateTest.send(base, "GET", "/api/v1/status/snapshots").body()).path("data").path("snapshots");
      assertEquals(1, listed.size(), listed.toString());
      assertEquals(name, listed.get(0).path("name").asText());
      assertTrue(listed.get(0).path("bytes").asLong() > 0, listed.toString());
      Path files = Path.of(listed.get(0).path("path").asText());
      assertEquals(dir.resolve("snap").resolve("ignite").resolve("snapshots").resolve(name).toAbsolutePath(), files);
      assertTrue(Files.isDirectory(files), files.toString());

      PromApiClient.Reply bad = AdminGateTest.send(base, "POST", "/api/v1/admin/tsdb/snapshot?skip_head=maybe");
      assertEquals(400, bad.status(), bad.body());
      assertTrue(bad.body().contains("unable to parse boolean 'skip_head' argument"), bad.body());

      PromApiClient.Reply alone = AdminGateTest.send(base, "POST", "/api/v1/admin/cluster/decommission");
      assertEquals(400, alone.status(), alone.body());
      assertTrue(alone.body().contains("no --cluster.peers"), alone.body());
    }
  }
}
