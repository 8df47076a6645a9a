package io.hearth.promql.ast;

import java.util.List;

/**
 * How the series of two instant vectors are matched in a binary operation.
 *
 * @param card the cardinality; set operators are always {@code MANY_TO_MANY}
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (or no clause)
 * @param include the extra labels of {@code group_left(...)}/{@code group_right(...)}
 * @param fillLeft the value used for a missing left-hand series ({@code fill}/{@code fill_left}),
 *     or null when missing series are not filled
 * @param fillRight the value used for a missing right-hand series ({@code fill}/{@code
 *     fill_right}), or null
 */
public record VectorMatching(
    VectorMatchCardinality card,
    List<String> matchingLabels,
    boolean on,
    List<String> include,
    Double fillLeft,
    Double fillRight) {
  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  /** The default: one-to-one, ignoring no labels. */
  public static VectorMatching oneToOne() {
    return new VectorMatching(VectorMatchCardinality.ONE_TO_ONE, List.of(), false, List.of(), null, null);
  }

  public VectorMatching withCard(VectorMatchCardinality c) {
    return new VectorMatching(c, matchingLabels, on, include, fillLeft, fillRight);
  }

  /** Whether any {@code fill} modifier is present. */
  public boolean hasFill() {
    return fillLeft != null || fillRight != null;
  }

  /** The modifier text as Prometheus prints it after the operator (and {@code bool}), e.g. {@code " on (a) group_left ()"}. */
  public String modifierString() {
    StringBuilder b = new StringBuilder();
    boolean grouped = card == VectorMatchCardinality.MANY_TO_ONE || card == VectorMatchCardinality.ONE_TO_MANY;
    if (!matchingLabels.isEmpty() || on || grouped) {
      b.append(on ? " on (" : " ignoring (");
      Printing.labelList(b, matchingLabels);
      b.append(')');
    }
    if (grouped) {
      b.append(card == VectorMatchCardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
      Printing.labelList(b, include);
      b.append(')');
    }
    if (fillLeft != null && fillRight != null && fillLeft.equals(fillRight)) {
      b.append(" fill (").append(Printing.goFloat(fillLeft)).append(')');
    } else {
      if (fillLeft != null) {
        b.append(" fill_left (").append(Printing.goFloat(fillLeft)).append(')');
      }
      if (fillRight != null) {
        b.append(" fill_right (").append(Printing.goFloat(fillRight)).append(')');
      }
    }
    return b.toString();
  }
}
