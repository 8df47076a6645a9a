package io.hearth.scrape.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a PrometheusRule object ({@code monitoring.coreos.com/v1}, its {@code spec} in plain JSON
 * form) into the rule file the prometheus-operator writes for it: file name
 * {@code <namespace>-<name>-<uid>.yaml} (the UID keeps {@code foo-bar/fred} and {@code foo/bar-fred}
 * apart), content the YAML of the spec with {@code partial_response_strategy} (Thanos only), an
 * empty {@code interval} and empty {@code for} fields left out, as the operator marshals it. Groups
 * and rules are otherwise written as they are; checking them as a rule file is the loader's job.
 * Stateless.
 */
public final class RuleFileGenerator {
  /**
   * The operator's limit on one rendered object (half of a ConfigMap's 1 MiB): a larger object is
   * rejected, as the operator rejects it.
   */
  public static final int MAX_BYTES = 512 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

  private RuleFileGenerator() {}

  /** The operator's file name of an object. */
  public static String fileName(String namespace, String name, String uid) {
    return namespace + "-" + name + "-" + uid + ".yaml";
  }

  /**
   * The rule file text of one object's {@code spec}.
   *
   * @throws IllegalArgumentException when the spec is not an object with a list of group objects,
   *     or the text exceeds {@link #MAX_BYTES}
   */
  public static String ruleFile(Map<String, Object> spec) {
    Map<String, Object> out = new LinkedHashMap<>(spec);
    Object groups = spec.get("groups");
    if (groups != null) {
      List<Map<String, Object>> cleaned = new ArrayList<>();
      for (Map<String, Object> g : ScrapeConfigGenerator.maps(groups)) cleaned.add(group(g));
      out.put("groups", cleaned);
    }
    String text;
    try {
      text = YAML.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot render the spec as YAML: " + e.getOriginalMessage(), e);
    }
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException("the length of rendered Prometheus Rule is " + size
          + " bytes which is above the maximum limit of " + MAX_BYTES + " bytes");
    }
    return text;
  }

  private static Map<String, Object> group(Map<String, Object> g) {
    if (g == null) return null;
    Map<String, Object> out = new LinkedHashMap<>(g);
    out.remove("partial_response_strategy");
    if ("".equals(out.get("interval"))) out.remove("interval");
    Object rules = g.get("rules");
    if (rules instanceof List<?> l) {
      List<Object> cleaned = new ArrayList<>();
      for (Object r : l) {
        if (r instanceof Map<?, ?> m && "".equals(m.get("for"))) {
          Map<Object, Object> copy = new LinkedHashMap<>(m);
          copy.remove("for");
          cleaned.add(copy);
        } else {
          cleaned.add(r);
        }
      }
      out.put("rules", cleaned);
    }
    return out;
  }
}
