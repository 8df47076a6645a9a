package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.OtlpConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth check config} accepts Prometheus 3's {@code otlp} section and refuses what
 * Prometheus refuses there (unknown strategy, duplicate or empty promoted attributes, unknown
 * fields); the decoded section carries the fields.
 */
@Timeout(60)
class CheckConfigOtlpTest {
  @TempDir Path dir;

  private String[] check(String yaml) throws Exception {
    Path f = dir.resolve("prometheus.yml");
    Files.writeString(f, yaml);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8);
      System.setOut(p);
      System.setErr(p);
      code = new picocli.CommandLine(new Main()).execute("check", "config", f.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {Integer.toString(code), captured.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void otlpSectionIsAcceptedAndDecoded() throws Exception {
    String yaml = """
        otlp:
          promote_resource_attributes: [" k8s.namespace.name", service.version]
          translation_strategy: NoUTF8EscapingWithSuffixes
          keep_identifying_resource_attributes: true
          promote_scope_metadata: true
        """;
    String[] v = check(yaml);
    assertEquals("0", v[0], v[1]);
    OtlpConfig c = ConfigLoader.parse(yaml).otlp();
    assertEquals(List.of("k8s.namespace.name", "service.version"), c.promoteResourceAttributes());
    assertEquals(OtlpConfig.TranslationStrategy.NoUTF8EscapingWithSuffixes, c.translationStrategy());
    assertTrue(c.keepIdentifyingResourceAttributes());
    assertTrue(c.promoteScopeMetadata());
    assertEquals(OtlpConfig.DEFAULT, ConfigLoader.parse("global: {}\n").otlp());
  }

  @Test
  void badOtlpSectionsAreRefusedWithPrometheusWords() throws Exception {
    String[][] cases = {
        {"otlp:\n  translation_strategy: Dots\n", "unsupported OTLP translation strategy \"Dots\""},
        {"otlp:\n  promote_resource_attributes: [a, a]\n", "duplicated promoted OTel resource attribute \"a\""},
        {"otlp:\n  promote_resource_attributes: [\" \"]\n", "empty promoted OTel resource attribute"},
        {"otlp:\n  promote_all_resource_attributes: true\n  promote_resource_attributes: [a]\n",
            "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously"},
        {"otlp:\n  colour: blue\n", "field colour not found in type config.OTLPConfig"},
    };
    for (String[] c : cases) {
      String[] v = check(c[0]);
      assertEquals("1", v[0], c[0] + " -> " + v[1]);
      assertTrue(v[1].contains(c[1]), c[0] + " -> " + v[1]);
    }
  }
}
