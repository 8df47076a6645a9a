package io.hearth.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Dockerfile read as Docker's parser reads it: comment lines dropped (also inside continued
 * lines), backslash continuations joined, instructions split into keyword and arguments, ARG
 * defaults and ENV values unquoted.
 */
record Dockerfile(List<Instruction> instructions) {
  record Instruction(int stage, String keyword, String args) {}

  static Dockerfile read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dockerfile parse(String text) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int stage = -1;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("#")) continue;
      if (line.endsWith("\\")) {
        cur.append(line, 0, line.length() - 1);
        continue;
      }
      cur.append(line);
      String full = cur.toString().strip();
      cur.setLength(0);
      if (full.isEmpty()) continue;
      int sp = full.indexOf(' ');
      String kw = (sp < 0 ? full : full.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
      String args = sp < 0 ? "" : full.substring(sp + 1).strip();
      if (kw.equals("FROM")) stage++;
      out.add(new Instruction(stage, kw, args));
    }
    return new Dockerfile(List.copyOf(out));
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  List<Instruction> stage(int n, String keyword) {
    return all(keyword).stream().filter(i -> i.stage() == n).toList();
  }

  int lastStage() {
    return instructions.stream().mapToInt(Instruction::stage).max().orElse(-1);
  }

  /** Global ARG defaults (before the first FROM). */
  Map<String, String> globalArgs() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Instruction i : stage(-1, "ARG")) {
      Map<String, String> kv = keyValues(i.args());
      m.putAll(kv);
    }
    return m;
  }

  /** ENV of a stage, as key=value pairs. */
  Map<String, String> env(int stage) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Instruction i : stage(stage, "ENV")) m.putAll(keyValues(i.args()));
    return m;
  }

  /** {@code k=v k2="v 2"}: whitespace separates pairs outside double quotes; quotes removed, \" and \\ unescaped. */
  static Map<String, String> keyValues(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    StringBuilder tok = new StringBuilder();
    boolean quoted = false;
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        tok.append(s.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (tok.length() > 0) tokens.add(tok.toString());
        tok.setLength(0);
      } else {
        tok.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("unterminated quote in " + s);
    if (tok.length() > 0) tokens.add(tok.toString());
    for (String t : tokens) {
      int eq = t.indexOf('=');
      if (eq < 0) m.put(t, null);
      else m.put(t.substring(0, eq), t.substring(eq + 1));
    }
    return m;
  }
}
