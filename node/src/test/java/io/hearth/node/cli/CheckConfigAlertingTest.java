package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth check config} on the {@code alerting} section, against Debian's {@code promtool
 * check config} on the same files: the same verdict and, for a refusal, the same FAILED line.
 */
@Timeout(60)
class CheckConfigAlertingTest {
  @TempDir Path dir;

  record Verdict(int code, String output) {}

  private Verdict hearth(Path f) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = new picocli.CommandLine(new Main()).execute("check", "config", f.toString());
    } finally {
      System.setOut(out);
    }
    return new Verdict(code, captured.toString(StandardCharsets.UTF_8));
  }

  private static Verdict promtool(Path f) throws Exception {
    Process p = new ProcessBuilder("promtool", "check", "config", f.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    return new Verdict(p.exitValue(), text);
  }

  private static String failedLine(String output) {
    return output.lines().filter(l -> l.contains("FAILED:")).findFirst().orElse("(none)").trim();
  }

  private void sameVerdict(String name, String yaml) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    Verdict h = hearth(f);
    Verdict p = promtool(f);
    assertEquals(p.code() == 0, h.code() == 0, "promtool: " + p.output() + "\nhearth: " + h.output());
    if (p.code() != 0) {
      // promtool prints the reason's lines after the FAILED one; compare the whole reason
      String pr = p.output().substring(p.output().indexOf("FAILED:")).trim();
      String hr = h.output().substring(h.output().indexOf("FAILED:")).trim();
      assertEquals(pr, hr);
    } else {
      assertEquals(p.output().trim(), h.output().trim());
    }
  }

  @Test
  void validAlertingSectionIsAcceptedAsPromtoolAcceptsIt() throws Exception {
    sameVerdict("ok.yml", """
        alerting:
          alert_relabel_configs:
            - {action: labeldrop, regex: replica}
          alertmanagers:
            - scheme: http
              path_prefix: /am
              timeout: 5s
              api_version: v2
              basic_auth: {username: u, password: p}
              static_configs: [{targets: ['127.0.0.1:9093']}]
              file_sd_configs: [{files: [ams/*.json]}]
              relabel_configs: [{target_label: x, replacement: y}]
        """);
  }

  @Test
  void badAlertingSectionsAreRefusedWithPromtoolsReasons() throws Exception {
    for (List<String> c : List.of(
        List.of("url.yml", "alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['http://127.0.0.1:9093']}]\n"),
        List.of("field.yml", "alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['a:1']}]\n      path_prefx: /am\n"),
        List.of("auth.yml", "alerting:\n  alertmanagers:\n    - basic_auth: {username: u}\n      authorization: {credentials: t}\n"),
        List.of("relabel.yml", "alerting:\n  alert_relabel_configs:\n    - {action: explode}\n"))) {
      sameVerdict(c.get(0), c.get(1));
    }
  }
}
