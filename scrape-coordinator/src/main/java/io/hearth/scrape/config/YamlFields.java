package io.hearth.scrape.config;

import io.hearth.sharding.api.text.ByteSize;
import io.hearth.sharding.api.text.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to the fields of one YAML mapping decoded into a Go-named type, rejecting fields the
 * type does not have with yaml.v2's strict-mode message ({@code line N: field x not found in type
 * T}). Not thread-safe; one per mapping.
 */
final class YamlFields {
  private final YamlNode node;
  private final String typeName;

  YamlFields(YamlNode node, String typeName, Set<String> known) {
    this.node = node;
    this.typeName = typeName;
    if (node.kind == YamlNode.Kind.MAP) {
      for (Map.Entry<String, int[]> e : node.keyPositions.entrySet()) {
        if (!known.contains(e.getKey()) && !isExtraKnown(e.getKey())) {
          throw unmarshal(e.getValue()[0], e.getValue()[1], "field " + e.getKey() + " not found in type " + typeName);
        }
      }
    } else if (!node.isNull()) {
      throw unmarshal(node.line, node.column, "cannot unmarshal " + node.describeForTypeError() + " into " + typeName);
    }
  }

  /** Hook for subclasses accepting open-ended key families; none by default. */
  boolean isExtraKnown(String key) {
    return false;
  }

  static ConfigException unmarshal(int line, int col, String what) {
    return new ConfigException("yaml: unmarshal errors:\n  line " + line + ": " + what, line, col);
  }

  boolean has(String key) {
    YamlNode n = get(key);
    return n != null && !n.isNull();
  }

  YamlNode get(String key) {
    return node.kind == YamlNode.Kind.MAP ? node.map.get(key) : null;
  }

  Set<String> keys() {
    return node.kind == YamlNode.Kind.MAP ? node.map.keySet() : Set.of();
  }

  String str(String key, String dflt) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return dflt;
    return scalarString(n, "string");
  }

  static String scalarString(YamlNode n, String into) {
    if (n.kind != YamlNode.Kind.SCALAR) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into " + into);
    }
    return n.text;
  }

  boolean bool(String key, boolean dflt) {
    Boolean b = optBool(key);
    return b == null ? dflt : b;
  }

  Boolean optBool(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return null;
    if (n.kind == YamlNode.Kind.SCALAR && !n.isString) {
      if (n.text.equals("true")) return true;
      if (n.text.equals("false")) return false;
    }
    throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into bool");
  }

  long uint(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return 0;
    if (n.kind == YamlNode.Kind.SCALAR && !n.isString) {
      try {
        long v = Long.parseLong(n.text);
        if (v >= 0) return v;
      } catch (NumberFormatException e) {
        // fall through to the type error
      }
    }
    throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into uint");
  }

  double float64(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return 0;
    if (n.kind == YamlNode.Kind.SCALAR && !n.isString) {
      try {
        return Double.parseDouble(n.text);
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into float64");
  }

  /** A Prometheus duration; zero when absent. Errors are Prometheus's, positioned at the value. */
  Duration duration(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return Duration.ZERO;
    String s = scalarString(n, "model.Duration");
    try {
      return PromDuration.parseConfig(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), n.line, n.column);
    }
  }

  /** A byte size in {@code units.Base2Bytes} syntax ({@code 10MB}, {@code 512KiB}, {@code 1000}). */
  long bytes(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return 0;
    String s = scalarString(n, "units.Base2Bytes");
    try {
      return ByteSize.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), n.line, n.column);
    }
  }

  List<String> strings(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return null;
    if (n.kind != YamlNode.Kind.SEQ) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into []string");
    }
    List<String> out = new ArrayList<>(n.seq.size());
    for (YamlNode e : n.seq) out.add(e.isNull() ? "" : scalarString(e, "string"));
    return out;
  }

  Map<String, String> stringMap(String key, String into) {
    YamlNode n = get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) return out;
    if (n.kind != YamlNode.Kind.MAP) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into " + into);
    }
    n.map.forEach((k, v) -> out.put(k, v.isNull() ? "" : scalarString(v, "string")));
    return out;
  }

  List<YamlNode> seq(String key, String into) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return List.of();
    if (n.kind != YamlNode.Kind.SEQ) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into " + into);
    }
    return n.seq;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> rawMap(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return null;
    Object o = n.toPlain();
    if (!(o instanceof Map)) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into " + typeName);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  List<Object> rawList(String key) {
    YamlNode n = get(key);
    if (n == null || n.isNull()) return List.of();
    Object o = n.toPlain();
    if (!(o instanceof List)) {
      throw unmarshal(n.line, n.column, "cannot unmarshal " + n.describeForTypeError() + " into []interface {}");
    }
    return (List<Object>) o;
  }

  int line() {
    return node.line;
  }

  int column() {
    return node.column;
  }
}
