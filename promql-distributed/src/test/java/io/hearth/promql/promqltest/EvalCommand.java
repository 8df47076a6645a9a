package io.hearth.promql.promqltest;

import com.google.re2j.Pattern;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code eval} command (README §6) with all its expectations. Built by {@link ScriptParser};
 * read-only afterwards.
 */
final class EvalCommand implements Command {
  /** An {@code expect <type> [msg:|regex:]} matcher; matches anything when neither was given. */
  record TextMatcher(String message, Pattern regex) {
    static final TextMatcher ANY = new TextMatcher(null, Pattern.compile("^.*$"));

    boolean matches(String s) {
      return regex == null ? message.equals(s) : regex.matcher(s).find();
    }

    @Override
    public String toString() {
      return regex == null ? "message \"" + message + "\"" : "pattern \"" + regex.pattern() + "\"";
    }
  }

  /** An expected series: its position among the body lines (for {@code ordered}) and values. */
  record Expected(int pos, List<SequenceValue> values) {}

  final int line;
  final String query;
  final boolean range;
  /** Range: the query range. Instant with {@code expect range vector}: the expected points' times. */
  long start;
  long end;
  long step;
  /** Instant: the evaluation time. */
  long evalTime;
  /** Whether an instant eval declared {@code expect range vector} (its start/end/step are set). */
  boolean rangeVectorExpected;

  // Header variants (eval_fail, eval_warn, eval_info, eval_ordered).
  boolean failHeader;
  boolean warnHeader;
  boolean infoHeader;
  boolean orderedHeader;
  String expectedFailMessage;
  Pattern expectedFailRegexp;

  final List<TextMatcher> fail = new ArrayList<>();
  final List<TextMatcher> warn = new ArrayList<>();
  final List<TextMatcher> info = new ArrayList<>();
  boolean noWarn;
  boolean noInfo;
  boolean orderedExpect;

  final Map<Labels, Expected> expected = new LinkedHashMap<>();
  boolean expectScalar;
  double scalar;
  String expectedString = "";
  boolean excludeFromRangeQuery;

  EvalCommand(int line, String query, boolean range) {
    this.line = line;
    this.query = query;
    this.range = range;
  }

  @Override
  public int line() {
    return line;
  }

  boolean isFail() {
    return failHeader || !fail.isEmpty();
  }

  boolean isOrdered() {
    return orderedHeader || orderedExpect;
  }

  /** Whether any expectation holds a native histogram. */
  boolean expectsHistograms() {
    for (Expected e : expected.values()) {
      for (SequenceValue v : e.values()) if (v.isHistogram()) return true;
    }
    return false;
  }
}
