package io.hearth.scrape.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node starts, so that configuration errors
 * can name the line as Prometheus's YAML decoder does. Built with Jackson's streaming YAML parser.
 * Immutable once built.
 */
final class YamlNode {
  enum Kind { MAP, SEQ, SCALAR, NULL }

  private static final YAMLFactory FACTORY = new YAMLFactory();

  final Kind kind;
  final int line;
  final int column;
  /** Scalar text (as written), or null. */
  final String text;
  /** Whether the scalar was a YAML string token (quoted or plain text that is not a number/bool). */
  final boolean isString;
  final Map<String, YamlNode> map;
  /** Key positions of a map, for "line N: field x not found" errors. */
  final Map<String, int[]> keyPositions;
  final List<YamlNode> seq;

  private YamlNode(Kind kind, int line, int column, String text, boolean isString,
      Map<String, YamlNode> map, Map<String, int[]> keyPositions, List<YamlNode> seq) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.text = text;
    this.isString = isString;
    this.map = map;
    this.keyPositions = keyPositions;
    this.seq = seq;
  }

  static YamlNode empty() {
    return new YamlNode(Kind.NULL, 0, 0, null, false, null, null, null);
  }

  /**
   * @throws ConfigException on malformed YAML, with Jackson's location
   */
  static YamlNode parse(String yaml) {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) return empty();
      YamlNode root = read(p);
      return root;
    } catch (ConfigException e) {
      throw e;
    } catch (IOException e) {
      String msg = e.getMessage();
      int line = 0;
      int col = 0;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        com.fasterxml.jackson.core.JsonProcessingException jpe = (com.fasterxml.jackson.core.JsonProcessingException) e;
        if (jpe.getLocation() != null) {
          line = jpe.getLocation().getLineNr();
          col = jpe.getLocation().getColumnNr();
        }
        msg = jpe.getOriginalMessage();
      }
      throw new ConfigException("yaml: line " + line + ": " + firstLine(msg), line, col);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "malformed YAML";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static YamlNode read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    int line = p.currentTokenLocation().getLineNr();
    int col = p.currentTokenLocation().getColumnNr();
    switch (t) {
      case START_OBJECT: {
        Map<String, YamlNode> m = new LinkedHashMap<>();
        Map<String, int[]> pos = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          int kl = p.currentTokenLocation().getLineNr();
          int kc = p.currentTokenLocation().getColumnNr();
          p.nextToken();
          YamlNode v = read(p);
          if (m.containsKey(name)) {
            throw new ConfigException("yaml: unmarshal errors:\n  line " + kl + ": key "
                + io.hearth.scrape.gofmt.GoQuote.quote(name) + " already set in map", kl, kc);
          }
          m.put(name, v);
          pos.put(name, new int[] {kl, kc});
        }
        return new YamlNode(Kind.MAP, line, col, null, false, Collections.unmodifiableMap(m), pos, null);
      }
      case START_ARRAY: {
        List<YamlNode> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
        return new YamlNode(Kind.SEQ, line, col, null, false, null, null, Collections.unmodifiableList(l));
      }
      case VALUE_NULL:
        return new YamlNode(Kind.NULL, line, col, null, false, null, null, null);
      case VALUE_STRING:
        return new YamlNode(Kind.SCALAR, line, col, p.getText(), true, null, null, null);
      default:
        return new YamlNode(Kind.SCALAR, line, col, p.getText(), false, null, null, null);
    }
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  /** A short description for type errors, as yaml.v2 prints it: {@code !!str `abc`}, {@code !!seq}. */
  String describeForTypeError() {
    switch (kind) {
      case MAP: return "!!map";
      case SEQ: return "!!seq";
      case NULL: return "!!null";
      default:
        String tag;
        if (isString) tag = "!!str";
        else if (text.equals("true") || text.equals("false")) tag = "!!bool";
        else if (text.contains(".") || text.contains("e") || text.contains("E")) tag = "!!float";
        else tag = "!!int";
        return tag + " `" + text + "`";
    }
  }

  /** Plain Java form: {@code Map<String,Object>}, {@code List<Object>}, String or null. */
  Object toPlain() {
    switch (kind) {
      case MAP: {
        Map<String, Object> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(k, v.toPlain()));
        return Collections.unmodifiableMap(m);
      }
      case SEQ: {
        List<Object> l = new ArrayList<>();
        for (YamlNode n : seq) l.add(n.toPlain());
        return Collections.unmodifiableList(l);
      }
      case NULL: return null;
      default: return text;
    }
  }
}
