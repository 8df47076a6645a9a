package io.hearth.promql.promqltest;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.hearth.promql.notation.GoNumbers;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.promql.notation.SeriesDescription;
import io.hearth.promql.parser.Parser;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.PromDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Reads a script into commands, with the rules of README §1-§6 (upstream's {@code test.go}): lines
 * trimmed, comments blanked, bodies ending at the first empty line, queries parsed when the script
 * is read. Stateless.
 */
final class ScriptParser {
  private static final java.util.regex.Pattern SPACE = java.util.regex.Pattern.compile("[\\t ]+");
  private static final java.util.regex.Pattern LOAD = java.util.regex.Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
  private static final java.util.regex.Pattern EVAL_INSTANT = java.util.regex.Pattern.compile(
      "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final java.util.regex.Pattern EVAL_RANGE = java.util.regex.Pattern.compile(
      "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final java.util.regex.Pattern EXPECT = java.util.regex.Pattern.compile(
      "^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final String RANGE_VECTOR_PREFIX = "expect range vector";
  private static final java.util.regex.Pattern EXPECT_RANGE = java.util.regex.Pattern.compile(
      "^" + RANGE_VECTOR_PREFIX + "\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");
  private static final String STRING_PREFIX = "expect string";

  private ScriptParser() {}

  static TestScript parse(String name, String text) throws ScriptException {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      lines[i] = l.startsWith("#") ? "" : l;
    }
    List<Command> commands = new ArrayList<>();
    List<Integer> stLines = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) continue;
      String word = SPACE.split(l, 2)[0].toLowerCase(Locale.ROOT);
      int[] cursor = {i};
      if (word.equals("clear")) {
        commands.add(new Command.Clear(i + 1));
      } else if (word.startsWith("load")) {
        commands.add(load(lines, cursor, stLines));
      } else if (word.startsWith("eval")) {
        commands.add(eval(lines, cursor));
      } else {
        throw new ScriptException(i + 1, "invalid command \"" + l + "\"");
      }
      i = cursor[0];
    }
    return new TestScript(name, List.copyOf(commands), List.copyOf(stLines));
  }

  private static long duration(int line, String what, String s) throws ScriptException {
    try {
      return PromDuration.parseMillis(s);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line, "invalid " + what + " \"" + s + "\": " + e.getMessage());
    }
  }

  private static Command.Load load(String[] lines, int[] cursor, List<Integer> stLines) throws ScriptException {
    int i = cursor[0];
    int header = i + 1;
    Matcher m = LOAD.matcher(lines[i]);
    if (!m.matches()) throw new ScriptException(i + 1, "invalid load command. (load[_with_nhcb] <step:duration>)");
    long interval = duration(i + 1, "step definition", m.group(2));
    Map<Labels, List<SequenceValue>> series = new LinkedHashMap<>();
    while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
      i++;
      String def = lines[i];
      if (isStartTimestampLine(def)) {
        stLines.add(i + 1);
        continue;
      }
      try {
        SeriesDescription d = SeriesDescription.parse(def);
        series.remove(d.labels()); // a later line replaces an earlier one, in its new place
        series.put(d.labels(), d.values());
      } catch (RuntimeException e) {
        throw new ScriptException(i + 1, "invalid series \"" + def + "\": " + e.getMessage(), e);
      }
    }
    cursor[0] = i;
    return new Command.Load(header, interval, m.group(1) != null, series);
  }

  /** A start-timestamp line: its first token (metric and labels) ends in {@code @st}. */
  static boolean isStartTimestampLine(String def) {
    int sp = -1;
    for (int k = 0; k < def.length(); k++) {
      if (def.charAt(k) == ' ' || def.charAt(k) == '\t') {
        sp = k;
        break;
      }
    }
    return sp >= 0 && def.substring(0, sp).endsWith("@st");
  }

  private static EvalCommand eval(String[] lines, int[] cursor) throws ScriptException {
    int i = cursor[0];
    int header = i + 1;
    Matcher instant = EVAL_INSTANT.matcher(lines[i]);
    Matcher range = EVAL_RANGE.matcher(lines[i]);
    boolean isInstant = instant.matches();
    if (!isInstant && !range.matches()) {
      throw new ScriptException(header, "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant"
          + " [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'");
    }
    String mod = isInstant ? instant.group(1) : range.group(1);
    String query = isInstant ? instant.group(3) : range.group(5);
    try {
      Parser.parseExpr(query);
    } catch (RuntimeException e) {
      throw new ScriptException(header, "query does not parse: " + query + ": " + e.getMessage(), e);
    }
    EvalCommand cmd = new EvalCommand(header, query, !isInstant);
    if (isInstant) {
      String at = instant.group(2);
      cmd.evalTime = duration(header, "timestamp definition", at == null ? "" : at);
      cmd.start = cmd.evalTime;
      cmd.end = Long.MIN_VALUE; // an instant eval without "expect range vector" allows no matrix points
    } else {
      cmd.start = duration(header, "start timestamp definition", range.group(2));
      cmd.end = duration(header, "end timestamp definition", range.group(3));
      if (cmd.end < cmd.start) {
        throw new ScriptException(header, "invalid test definition, end timestamp (" + range.group(3)
            + ") is before start timestamp (" + range.group(2) + ")");
      }
      cmd.step = duration(header, "step definition", range.group(4));
    }
    if (mod != null) {
      switch (mod) {
        case "ordered": cmd.orderedHeader = true; break;
        case "fail": cmd.failHeader = true; break;
        case "warn": cmd.warnHeader = true; break;
        default: cmd.infoHeader = true;
      }
    }

    // j counts body lines; expect lines do not count (upstream's position rule for "ordered").
    for (int j = 1; i + 1 < lines.length; j++) {
      i++;
      String def = lines[i];
      if (def.isEmpty()) {
        i--;
        break;
      }
      if (cmd.failHeader && def.startsWith("expected_fail_message")) {
        cmd.expectedFailMessage = def.substring("expected_fail_message".length()).strip();
        break;
      }
      if (cmd.failHeader && def.startsWith("expected_fail_regexp")) {
        String pattern = def.substring("expected_fail_regexp".length()).strip();
        cmd.expectedFailRegexp = regex(i + 1, pattern);
        break;
      }
      if (def.startsWith(RANGE_VECTOR_PREFIX)) {
        Matcher m = EXPECT_RANGE.matcher(def);
        if (!m.matches()) throw new ScriptException(i + 1, "invalid range vector definition \"" + def + "\"");
        long from = duration(i + 1, "start timestamp definition", m.group(1));
        long to = duration(i + 1, "end timestamp definition", m.group(2));
        if (to < from) throw new ScriptException(i + 1, "range vector ends before it starts");
        cmd.start = from;
        cmd.end = to;
        cmd.step = duration(i + 1, "step definition", m.group(3));
        cmd.evalTime = to;
        cmd.rangeVectorExpected = true;
        cmd.excludeFromRangeQuery = true;
        continue;
      }
      if (def.startsWith(STRING_PREFIX)) {
        cmd.expectedString = stringLiteral(i + 1, def);
        cmd.excludeFromRangeQuery = true;
        continue;
      }
      if (def.split(" ", -1)[0].equals("expect")) {
        expect(i + 1, def, cmd);
        j--;
        continue;
      }
      Double number = GoNumbers.parse(def);
      if (number != null) {
        cmd.expectScalar = true;
        cmd.scalar = number;
        break;
      }
      SeriesDescription d;
      try {
        d = SeriesDescription.parse(def);
      } catch (RuntimeException e) {
        throw new ScriptException(i + 1, "invalid expected series \"" + def + "\": " + e.getMessage(), e);
      }
      if (d.values().size() > 1 && isInstant && !cmd.rangeVectorExpected) {
        throw new ScriptException(i + 1, "expecting multiple values in instant evaluation not allowed. consider using"
            + " 'expect range vector' directive to enable a range vector result for an instant query");
      }
      cmd.expectScalar = false;
      cmd.expected.put(d.labels(), new EvalCommand.Expected(j, d.values()));
    }
    cursor[0] = i;
    return cmd;
  }

  private static void expect(int line, String def, EvalCommand cmd) throws ScriptException {
    Matcher m = EXPECT.matcher(def.strip());
    if (!m.matches()) {
      throw new ScriptException(line, "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
    }
    String type = m.group(1);
    EvalCommand.TextMatcher matcher = EvalCommand.TextMatcher.ANY;
    if (m.group(2) != null) {
      String text = m.group(3).strip();
      matcher = m.group(2).equals("msg") ? new EvalCommand.TextMatcher(text, null)
          : new EvalCommand.TextMatcher(null, regex(line, text));
    }
    switch (type) {
      case "fail": cmd.fail.add(matcher); break;
      case "warn": cmd.warn.add(matcher); break;
      case "info": cmd.info.add(matcher); break;
      case "no_warn": cmd.noWarn = true; break;
      case "no_info": cmd.noInfo = true; break;
      default: cmd.orderedExpect = true;
    }
    if (!cmd.info.isEmpty() && cmd.noInfo) {
      throw new ScriptException(line, "invalid expect lines, info and no_info cannot be used together");
    }
    if (!cmd.warn.isEmpty() && cmd.noWarn) {
      throw new ScriptException(line, "invalid expect lines, warn and no_warn cannot be used together");
    }
    if (cmd.fail.size() > 1) {
      throw new ScriptException(line, "invalid expect lines, multiple expect fail lines are not allowed");
    }
  }

  private static Pattern regex(int line, String pattern) throws ScriptException {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new ScriptException(line, "invalid regex " + pattern + ": " + e.getMessage());
    }
  }

  /** The literal of an {@code expect string} line, unquoted as Go's {@code strconv.Unquote}. */
  private static String stringLiteral(int line, String def) throws ScriptException {
    String s = def.startsWith(STRING_PREFIX + " ") ? def.substring(STRING_PREFIX.length() + 1) : "";
    if (s.isEmpty()) {
      throw new ScriptException(line, "expected string literal not valid - a quoted string literal is required");
    }
    try {
      return GoStrings.unquote(s);
    } catch (IllegalArgumentException e) {
      throw new ScriptException(line, "expected string literal not valid - check that the string is correctly quoted");
    }
  }
}
