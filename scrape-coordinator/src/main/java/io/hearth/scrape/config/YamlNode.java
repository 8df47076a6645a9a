package io.hearth.scrape.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hearth.sharding.api.text.GoQuote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node starts, so that configuration errors
 * can name the line as Prometheus's YAML decoder does. Built with Jackson's streaming YAML parser;
 * syntax errors are worded and located as Go's YAML decoder (libyaml) reports them. Immutable once
 * built. Public for the other Prometheus-format files Hearth reads (rule files).
 */
public final class YamlNode {
  public enum Kind { MAP, SEQ, SCALAR, NULL }

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

  public Kind kind() {
    return kind;
  }

  /** 1-based line of the node's start (0 for an empty document). */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** Scalar text as written, or null for maps, sequences and null. */
  public String text() {
    return text;
  }

  /** Whether the scalar was a YAML string (quoted, or plain text that is not a number or boolean). */
  public boolean isString() {
    return isString;
  }

  /** A map's entries in document order, or null. */
  public Map<String, YamlNode> map() {
    return map;
  }

  /** A map's key positions ({line, column}) in document order, or null. */
  public Map<String, int[]> keyPositions() {
    return keyPositions;
  }

  /** A sequence's elements, or null. */
  public List<YamlNode> seq() {
    return seq;
  }

  /**
   * @throws ConfigException on malformed YAML, worded and located as Go's YAML decoder does
   *     ({@code yaml: line 1: did not find expected key})
   */
  public static YamlNode parse(String yaml) {
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
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
          // libyaml names the line of the construct being parsed (0-based; scanner errors one further).
          boolean scanner = m instanceof org.yaml.snakeyaml.scanner.ScannerException;
          int at = m.getContextMark() != null && m.getContextMark().getLine() != 0 ? m.getContextMark().getLine()
              : m.getProblemMark().getLine();
          line = at + (scanner && at != 0 ? 1 : 0);
          col = m.getProblemMark().getColumn() + 1;
          String problem = libyamlProblem(m.getContext(), m.getProblem());
          throw new ConfigException(line == 0 ? "yaml: " + problem : "yaml: line " + line + ": " + problem, line, col);
        }
      }
      throw new ConfigException("yaml: line " + line + ": " + firstLine(msg), line, col);
    }
  }

  /** libyaml's wording of a problem SnakeYAML words its own way. */
  private static String libyamlProblem(String context, String problem) {
    if (problem == null) return "unknown problem parsing YAML content";
    if (problem.startsWith("expected <block end>")) {
      return context != null && context.contains("collection") ? "did not find expected '-' indicator" : "did not find expected key";
    }
    if (problem.startsWith("found character") && problem.contains("cannot start any token")) {
      return "found character that cannot start any token";
    }
    if (problem.startsWith("mapping values are not allowed")) return "mapping values are not allowed in this context";
    if (problem.startsWith("expected ',' or ']'")) return "did not find expected ',' or ']'";
    if (problem.startsWith("expected ',' or '}'")) return "did not find expected ',' or '}'";
    if (problem.startsWith("could not find expected ':'")) return "could not find expected ':'";
    return firstLine(problem);
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
                + GoQuote.quote(name) + " already set in map", kl, kc);
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

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** A short description for type errors, as yaml.v2 prints it: {@code !!str `abc`}, {@code !!seq}. */
  public String describeForTypeError() {
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
