package io.hearth.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium started for a test, in a fresh profile directory, on loopback only, driven
 * over the DevTools protocol. {@link #close()} ends the browser and every process it started.
 */
final class Chromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Process process;
  private final DevTools devtools;
  private final Path log;

  private Chromium(Process process, DevTools devtools, Path log) {
    this.process = process;
    this.devtools = devtools;
    this.log = log;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the browser with a fresh profile under {@code dir}; waits for its DevTools endpoint. */
  static Chromium start(Path dir) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("profile"));
    Path log = dir.resolve("chromium.log");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
        "--user-data-dir=" + profile, "about:blank"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) break;
      if (Files.exists(portFile)) {
        lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
        if (lines.size() >= 2) break;
      }
      Thread.sleep(50);
    }
    if (lines.size() < 2) {
      stop(p);
      throw new IOException("chromium did not open its DevTools port within 30 s [log=" + tail(log) + "]");
    }
    DevTools d = DevTools.connect("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    return new Chromium(p, d, log);
  }

  /** Opens a new tab of the given viewport size. */
  BrowserPage newPage(int width, int height) throws IOException {
    JsonNode target = devtools.send(null, "Target.createTarget", Map.of("url", "about:blank"));
    String targetId = target.get("targetId").asText();
    String session = devtools.send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)).get("sessionId").asText();
    return BrowserPage.open(devtools, session, width, height);
  }

  static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      devtools.send(null, "Browser.close", Map.of());
    } catch (IOException ignored) {
      // Already gone or not answering: stopped below either way.
    }
    devtools.close();
    stop(process);
  }

  Path log() {
    return log;
  }
}
