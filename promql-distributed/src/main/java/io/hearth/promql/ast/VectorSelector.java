package io.hearth.promql.ast;

import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.text.GoQuote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instant vector selector such as {@code http_requests{job="api"} @ 100 offset 5m}.
 *
 * @param name the metric name when given by name or by a {@code __name__=} matcher (else "")
 * @param matchers every matcher, including the {@code __name__} one when a name was given
 * @param offset the {@code offset} as written, or null when absent; negative offsets are allowed
 * @param at the {@code @} modifier, or null
 * @param anchored the experimental {@code anchored} modifier (range selectors)
 * @param smoothed the experimental {@code smoothed} modifier
 * @param bypassEmptyMatcherCheck true for the second argument of {@code info()}, which may consist of
 *     matchers that all match the empty string
 */
public record VectorSelector(
    String name,
    List<Matcher> matchers,
    DurationExpr offset,
    AtModifier at,
    boolean anchored,
    boolean smoothed,
    boolean bypassEmptyMatcherCheck,
    PosRange posRange)
    implements Expr {
  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  /** A plain selector without modifiers. */
  public VectorSelector(String name, List<Matcher> matchers, PosRange posRange) {
    this(name, matchers, null, null, false, false, false, posRange);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  /** The offset in milliseconds (0 when absent). See {@link DurationExpr#millis}. */
  public long offsetMillis(long stepMs, long rangeMs) {
    return offset == null ? 0 : offset.millis(stepMs, rangeMs, true);
  }

  public VectorSelector withOffset(DurationExpr o) {
    return new VectorSelector(name, matchers, o, at, anchored, smoothed, bypassEmptyMatcherCheck, posRange);
  }

  public VectorSelector withAt(AtModifier a) {
    return new VectorSelector(name, matchers, offset, a, anchored, smoothed, bypassEmptyMatcherCheck, posRange);
  }

  public VectorSelector withAnchored(boolean a) {
    return new VectorSelector(name, matchers, offset, at, a, smoothed, bypassEmptyMatcherCheck, posRange);
  }

  public VectorSelector withSmoothed(boolean s) {
    return new VectorSelector(name, matchers, offset, at, anchored, s, bypassEmptyMatcherCheck, posRange);
  }

  public VectorSelector withBypassEmptyMatcherCheck(boolean b) {
    return new VectorSelector(name, matchers, offset, at, anchored, smoothed, b, posRange);
  }

  public VectorSelector withPosRange(PosRange p) {
    return new VectorSelector(name, matchers, offset, at, anchored, smoothed, bypassEmptyMatcherCheck, p);
  }

  /** The selector text without {@code @}, offset and extended modifiers: {@code name{a="b"}}. */
  public String selectorString() {
    List<String> parts = new ArrayList<>();
    for (Matcher m : matchers) {
      if (m.name().equals("__name__") && m.type() == Matcher.Type.EQ && m.value().equals(name)
          && !name.isEmpty()) {
        continue;
      }
      parts.add(Printing.matcher(m));
    }
    Collections.sort(parts);
    StringBuilder b = new StringBuilder();
    if (name.isEmpty() || Printing.isLegacyMetricName(name)) {
      b.append(name);
      if (!parts.isEmpty()) {
        b.append('{').append(String.join(",", parts)).append('}');
      }
    } else {
      b.append('{').append(GoQuote.quote(name));
      for (String p : parts) {
        b.append(", ").append(p);
      }
      b.append('}');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(selectorString());
    if (at != null) {
      b.append(at);
    }
    if (anchored) {
      b.append(" anchored");
    } else if (smoothed) {
      b.append(" smoothed");
    }
    b.append(Printing.offset(offset));
    return b.toString();
  }
}
