package io.hearth.node.rules;

import io.hearth.node.template.Expander;
import io.hearth.node.template.Functions;
import io.hearth.node.template.TemplateException;
import io.hearth.promql.engine.PromQLException;
import io.hearth.promql.parser.Parser;
import io.hearth.scrape.config.ConfigException;
import io.hearth.scrape.config.YamlNode;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rule file as Prometheus's {@code rulefmt.ParseFile} does: strict YAML (unknown fields are
 * errors), then the same validation in the same order and words: group names, rule kinds,
 * expressions, recording-rule fields and names, label and annotation names, alert templates. Each
 * error is prefixed with the file name, as promtool prints it. Accepts {@code query_offset} on a
 * group (Prometheus 2.53+). Stateless and thread-safe.
 */
public final class RuleFileParser {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> ROOT_FIELDS = Set.of("groups");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "limit", "query_offset", "rules");
  private static final Set<String> RULE_FIELDS =
      Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private RuleFileParser() {}

  /** The groups of a file, or the errors that make it invalid (then {@code groups} is empty). */
  public record Result(List<GroupSpec> groups, List<String> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }

    public int ruleCount() {
      int n = 0;
      for (GroupSpec g : groups) n += g.rules().size();
      return n;
    }
  }

  /** A YAML decoding failure: Go's YAML message, printed as is. */
  private static final class DecodeFailure extends RuntimeException {
    DecodeFailure(String msg) {
      super(msg, null, false, false);
    }
  }

  public static Result parseFile(java.nio.file.Path path, String displayName) {
    String text;
    try {
      text = java.nio.file.Files.readString(path);
    } catch (java.nio.file.NoSuchFileException e) {
      return new Result(List.of(), List.of(displayName + ": open " + displayName + ": no such file or directory"));
    } catch (java.io.IOException e) {
      return new Result(List.of(), List.of(displayName + ": " + e.getMessage()));
    }
    return parse(displayName, text);
  }

  /** Parses {@code text}, naming the file {@code file} in groups and errors. */
  public static Result parse(String file, String text) {
    YamlNode root;
    try {
      root = YamlNode.parse(text);
    } catch (ConfigException e) {
      // rulefmt decodes the document twice (strictly, then as nodes): a syntax error is reported by both.
      return new Result(List.of(), List.of(file + ": " + e.getMessage(), file + ": " + e.getMessage()));
    }
    List<String> unmarshal = new ArrayList<>();
    List<RawGroup> raw;
    try {
      raw = decode(root, unmarshal);
    } catch (DecodeFailure f) {
      return new Result(List.of(), List.of(file + ": " + f.getMessage()));
    }
    if (!unmarshal.isEmpty()) {
      List<String> errs = new ArrayList<>();
      errs.add(file + ": yaml: unmarshal errors:\n  " + String.join("\n  ", unmarshal));
      YamlNode groups = root.kind() == YamlNode.Kind.MAP ? root.map().get("groups") : null;
      if (groups != null && !groups.isNull() && groups.kind() != YamlNode.Kind.SEQ) {
        errs.add(file + ": yaml: unmarshal errors:\n  line " + groups.line() + ": cannot unmarshal "
            + groups.describeForTypeError() + " into []yaml.Node");
      }
      return new Result(List.of(), errs);
    }
    List<String> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<GroupSpec> out = new ArrayList<>();
    for (RawGroup g : raw) {
      if (g.name.isEmpty()) errs.add(file + ": " + g.line + ":" + g.col + ": Groupname must not be empty");
      if (!names.add(g.name)) {
        errs.add(file + ": " + g.line + ":" + g.col + ": groupname: \"" + g.name + "\" is repeated in the same file");
      }
      List<RuleSpec> rules = new ArrayList<>();
      for (int i = 0; i < g.rules.size(); i++) {
        RawRule r = g.rules.get(i);
        for (String e : validate(r)) {
          errs.add(file + ": " + e.replace("\u0000", "group " + GoQuote.quote(g.name) + ", rule "
              + (i + 1) + ", " + GoQuote.quote(r.alert.value.isEmpty() ? r.record.value : r.alert.value)));
        }
        rules.add(new RuleSpec(r.record.value, r.alert.value, r.expr.value, r.forDuration, r.keepFiringFor, r.labels,
            r.annotations));
      }
      out.add(new GroupSpec(file, g.name, g.interval, g.limit, g.queryOffset, List.copyOf(rules)));
    }
    return errs.isEmpty() ? new Result(List.copyOf(out), List.of()) : new Result(List.of(), List.copyOf(errs));
  }

  /** A scalar field kept with its position, as Go's {@code yaml.Node}: empty and 0:0 when absent. */
  private record Pos(String value, int line, int col) {
    static final Pos ABSENT = new Pos("", 0, 0);

    String at() {
      return line + ":" + col + ": ";
    }
  }

  private static final class RawGroup {
    String name = "";
    int line;
    int col;
    Duration interval;
    int limit;
    Duration queryOffset;
    List<RawRule> rules = new ArrayList<>();
  }

  private static final class RawRule {
    Pos record = Pos.ABSENT;
    Pos alert = Pos.ABSENT;
    Pos expr = Pos.ABSENT;
    Duration forDuration = Duration.ZERO;
    Duration keepFiringFor = Duration.ZERO;
    Map<String, String> labels = Map.of();
    Map<String, String> annotations = Map.of();
  }

  private static List<RawGroup> decode(YamlNode root, List<String> errs) {
    List<RawGroup> out = new ArrayList<>();
    if (root.isNull()) return out;
    if (!fields(root, "rulefmt.RuleGroups", ROOT_FIELDS, errs)) return out;
    YamlNode groups = root.map().get("groups");
    if (groups == null || groups.isNull()) return out;
    if (groups.kind() != YamlNode.Kind.SEQ) {
      errs.add("line " + groups.line() + ": cannot unmarshal " + groups.describeForTypeError() + " into []rulefmt.RuleGroup");
      return out;
    }
    for (YamlNode g : groups.seq()) {
      RawGroup rg = new RawGroup();
      rg.line = g.line();
      rg.col = g.column();
      out.add(rg);
      if (g.isNull()) continue;
      if (!fields(g, "rulefmt.RuleGroup", GROUP_FIELDS, errs)) continue;
      rg.name = string(g.map().get("name"), errs);
      rg.interval = duration(g.map().get("interval"));
      rg.queryOffset = duration(g.map().get("query_offset"));
      rg.limit = integer(g.map().get("limit"), errs);
      YamlNode rules = g.map().get("rules");
      if (rules == null || rules.isNull()) continue;
      if (rules.kind() != YamlNode.Kind.SEQ) {
        errs.add("line " + rules.line() + ": cannot unmarshal " + rules.describeForTypeError() + " into []rulefmt.RuleNode");
        continue;
      }
      for (YamlNode r : rules.seq()) {
        RawRule rr = new RawRule();
        rg.rules.add(rr);
        if (r.isNull() || !fields(r, "rulefmt.RuleNode", RULE_FIELDS, errs)) continue;
        rr.record = pos(r.map().get("record"));
        rr.alert = pos(r.map().get("alert"));
        rr.expr = pos(r.map().get("expr"));
        Duration f = duration(r.map().get("for"));
        rr.forDuration = f == null ? Duration.ZERO : f;
        Duration k = duration(r.map().get("keep_firing_for"));
        rr.keepFiringFor = k == null ? Duration.ZERO : k;
        rr.labels = stringMap(r.map().get("labels"), errs);
        rr.annotations = stringMap(r.map().get("annotations"), errs);
      }
    }
    return out;
  }

  /** Checks a mapping's keys against a Go type's fields; false when the node is not a mapping. */
  private static boolean fields(YamlNode n, String type, Set<String> known, List<String> errs) {
    if (n.kind() != YamlNode.Kind.MAP) {
      errs.add("line " + n.line() + ": cannot unmarshal " + n.describeForTypeError() + " into " + type);
      return false;
    }
    for (Map.Entry<String, int[]> e : n.keyPositions().entrySet()) {
      if (!known.contains(e.getKey())) errs.add("line " + e.getValue()[0] + ": field " + e.getKey() + " not found in type " + type);
    }
    return true;
  }

  private static Pos pos(YamlNode n) {
    if (n == null) return Pos.ABSENT;
    String v = n.kind() == YamlNode.Kind.SCALAR ? n.text() : "";
    return new Pos(v, n.line(), n.column());
  }

  private static String string(YamlNode n, List<String> errs) {
    if (n == null || n.isNull()) return "";
    if (n.kind() != YamlNode.Kind.SCALAR) {
      errs.add("line " + n.line() + ": cannot unmarshal " + n.describeForTypeError() + " into string");
      return "";
    }
    return n.text();
  }

  private static int integer(YamlNode n, List<String> errs) {
    if (n == null || n.isNull()) return 0;
    if (n.kind() == YamlNode.Kind.SCALAR && !n.isString()) {
      try {
        return Integer.parseInt(n.text());
      } catch (NumberFormatException e) {
        // the type error below
      }
    }
    errs.add("line " + n.line() + ": cannot unmarshal " + n.describeForTypeError() + " into int");
    return 0;
  }

  private static Duration duration(YamlNode n) {
    if (n == null || n.isNull()) return null;
    if (n.kind() != YamlNode.Kind.SCALAR) {
      throw new DecodeFailure("yaml: unmarshal errors:\n  line " + n.line() + ": cannot unmarshal "
          + n.describeForTypeError() + " into string");
    }
    try {
      return PromDuration.parseConfig(n.text());
    } catch (IllegalArgumentException e) {
      throw new DecodeFailure(e.getMessage());
    }
  }

  private static Map<String, String> stringMap(YamlNode n, List<String> errs) {
    if (n == null || n.isNull()) return Map.of();
    if (n.kind() != YamlNode.Kind.MAP) {
      errs.add("line " + n.line() + ": cannot unmarshal " + n.describeForTypeError() + " into map[string]string");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    n.map().forEach((k, v) -> {
      if (v.isNull()) out.put(k, "");
      else if (v.kind() == YamlNode.Kind.SCALAR) out.put(k, v.text());
      else errs.add("line " + v.line() + ": cannot unmarshal " + v.describeForTypeError() + " into string");
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Prometheus's {@code RuleNode.Validate} plus template parsing. Each message starts with the
   * position (when the rule's node has one) and a NUL where the caller puts
   * {@code group "g", rule N, "name"}.
   */
  private static List<String> validate(RawRule r) {
    List<String> out = new ArrayList<>();
    String who = "\u0000: ";
    if (!r.record.value.isEmpty() && !r.alert.value.isEmpty()) {
      out.add(r.record.at() + r.alert.at() + who + "only one of 'record' and 'alert' must be set");
    }
    if (r.record.value.isEmpty() && r.alert.value.isEmpty()) {
      out.add(r.record.at() + who + "one of 'record' or 'alert' must be set");
    }
    if (r.expr.value.isEmpty()) {
      out.add(r.expr.at() + who + "field 'expr' must be set in rule");
    } else {
      try {
        Parser.parseExpr(r.expr.value);
      } catch (PromQLException e) {
        out.add(r.expr.at() + who + "could not parse expression: " + e.getMessage());
      }
    }
    if (!r.record.value.isEmpty()) {
      if (!r.annotations.isEmpty()) out.add(r.record.at() + who + "invalid field 'annotations' in recording rule");
      if (!r.forDuration.isZero()) out.add(r.record.at() + who + "invalid field 'for' in recording rule");
      if (!r.keepFiringFor.isZero()) out.add(r.record.at() + who + "invalid field 'keep_firing_for' in recording rule");
      if (!METRIC_NAME.matcher(r.record.value).matches()) {
        out.add(r.record.at() + who + "invalid recording rule name: " + r.record.value);
      }
    }
    r.labels.forEach((k, v) -> {
      if (!LABEL_NAME.matcher(k).matches() || k.equals("__name__")) out.add(who + "invalid label name: " + k);
    });
    r.annotations.forEach((k, v) -> {
      if (!LABEL_NAME.matcher(k).matches()) out.add(who + "invalid annotation name: " + k);
    });
    if (!r.alert.value.isEmpty()) {
      r.labels.forEach((k, v) -> checkTemplate(r.alert.value, "label", k, v, out, who));
      r.annotations.forEach((k, v) -> checkTemplate(r.alert.value, "annotation", k, v, out, who));
    }
    return out;
  }

  private static void checkTemplate(String alert, String what, String key, String text, List<String> out, String who) {
    try {
      Expander.parseAlert(alert, text, Functions.parseOnly());
    } catch (TemplateException e) {
      out.add(who + what + " " + GoQuote.quote(key) + ": " + e.getMessage());
    }
  }
}
