package io.hearth.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The configuration as shown to users ({@code /api/v1/status/config}, the UI's Config page): every
 * secret replaced by {@code <secret>}, as Prometheus shows its {@code Secret} fields. Secrets are
 * recognised by their field name wherever they appear (scrape configs, service discovery,
 * remote write and read, alerting): passwords, credentials, bearer tokens, client secrets, secret
 * keys, inline TLS keys, proxy connect headers and the {@code secrets} of {@code http_headers}.
 * File references ({@code password_file}, {@code credentials_file}, {@code key_file}) are paths
 * and stay.
 */
public final class SecretRedaction {
  public static final String SECRET = "<secret>";
  /** Fields whose value is a secret, wherever they stand. */
  private static final Set<String> SECRET_FIELDS = Set.of("password", "credentials", "bearer_token", "client_secret",
      "secret_key", "access_key_secret");
  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private SecretRedaction() {}

  /**
   * The YAML text with its secrets replaced. Comments and formatting are not kept (as Prometheus,
   * which shows the configuration it loaded, not the file).
   *
   * @throws IllegalArgumentException when the text is not YAML (a loaded configuration always is)
   */
  public static String redact(String yaml) {
    if (yaml == null || yaml.isBlank()) return yaml;
    try {
      JsonNode root = YAML.readTree(yaml);
      if (root == null || root.isMissingNode()) return "";
      redact(root, null);
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration is not YAML: " + e.getMessage(), e);
    }
  }

  private static void redact(JsonNode node, String parentField) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        JsonNode v = e.getValue();
        if (SECRET_FIELDS.contains(name) && isSet(v)) {
          e.setValue(TextNode.valueOf(SECRET));
        } else if (name.equals("key") && "tls_config".equals(parentField) && isSet(v)) {
          e.setValue(TextNode.valueOf(SECRET)); // an inline private key
        } else if (name.equals("proxy_connect_header") && v instanceof ObjectNode headers) {
          headers.fields().forEachRemaining(h -> h.setValue(allSecret(h.getValue())));
        } else if (name.equals("secrets") && "http_headers".equals(parentField) || name.equals("secrets") && v.isArray()) {
          e.setValue(allSecret(v));
        } else {
          redact(v, name.equals("http_headers") ? "http_headers" : name);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (JsonNode child : arr) redact(child, parentField);
    }
  }

  private static boolean isSet(JsonNode v) {
    return v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty());
  }

  private static JsonNode allSecret(JsonNode v) {
    if (v instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) arr.set(i, TextNode.valueOf(SECRET));
      return arr;
    }
    return isSet(v) ? TextNode.valueOf(SECRET) : v;
  }
}
