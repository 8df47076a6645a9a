package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.HearthNode;
import io.hearth.node.it.PromApiClient;
import io.hearth.node.it.TestNodeConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin and lifecycle actions answer only with their flags, as Prometheus gates them:
 * {@code /api/v1/admin/*} needs {@code --web.enable-admin-api} (else 503 "admin APIs disabled"),
 * {@code /-/reload} and {@code /-/quit} need {@code --web.enable-lifecycle} (else 403), and every
 * state-changing endpoint refuses GET with 405.
 */
class AdminGateTest {
  @TempDir Path dir;

  static PromApiClient.Reply send(String base, String method, String path) {
    return new PromApiClient(URI.create(base), Duration.ofSeconds(20)).send(method, path,
        method.equals("GET") ? null : "node=nobody".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
  }

  HearthNode start(String name, boolean admin, boolean lifecycle) throws Exception {
    return start(dir, name, admin, lifecycle);
  }

  /** A started single node under {@code dir/name} with the admin and lifecycle flags as given. */
  static HearthNode start(Path dir, String name, boolean admin, boolean lifecycle) throws Exception {
    return TestNodeConfig.of(dir, name).dataDir(dir.resolve(name)).lifecycle(lifecycle).adminApi(admin).start();
  }

  @Test
  void adminAndLifecycleActionsAnswerOnlyWithTheirFlags() throws Exception {
    try (HearthNode off = start("gates-off", false, false)) {
      String base = "http://127.0.0.1:" + off.address().getPort();
      for (String path : List.of("/api/v1/admin/tsdb/flush", "/api/v1/admin/tsdb/snapshot", "/api/v1/admin/cluster/baseline/add",
          "/api/v1/admin/cluster/baseline/remove", "/api/v1/admin/cluster/decommission", "/api/v1/admin/cluster/handover")) {
        PromApiClient.Reply r = send(base, "POST", path);
        assertEquals(503, r.status(), path + ": " + r.body());
        assertEquals("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", r.body().trim(), path);
        assertEquals(405, send(base, "GET", path).status(), "GET " + path);
      }
      for (String path : List.of("/-/reload", "/-/quit")) {
        PromApiClient.Reply r = send(base, "POST", path);
        assertEquals(403, r.status(), path + ": " + r.body());
        assertTrue(r.body().contains("Lifecycle API is not enabled."), r.body());
        assertEquals(405, send(base, "GET", path).status(), "GET " + path);
      }
      assertEquals(200, send(base, "GET", "/-/ready").status(), "the node is still up");
    }
    try (HearthNode on = start("gates-on", true, true)) {
      String base = "http://127.0.0.1:" + on.address().getPort();
      assertEquals(204, send(base, "POST", "/api/v1/admin/tsdb/flush").status());
      assertEquals(204, send(base, "PUT", "/api/v1/admin/tsdb/flush").status());
      PromApiClient.Reply unknown = send(base, "POST", "/api/v1/admin/cluster/baseline/remove");
      assertEquals(400, unknown.status(), "with the flag the action runs (and names what is wrong): " + unknown.body());
      assertEquals(200, send(base, "POST", "/-/reload").status());
    }
  }
}
