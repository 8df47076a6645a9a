package io.hearth.promql.engine;

import io.hearth.sharding.api.Labels;
import java.util.List;

/** Label-set helpers shared by the evaluators: metadata labels, signatures and matching (text is {@code LabelsText}). */
final class LabelText {
  static final String NAME = Labels.METRIC_NAME;

  private LabelText() {}

  /** Whether a label is one of the metadata labels dropped with the name ({@code __name__, __type__, __unit__}). */
  static boolean isMetadata(String name) {
    return name.equals(NAME) || name.equals("__type__") || name.equals("__unit__");
  }

  static Labels dropMetadata(Labels l) {
    boolean any = false;
    for (int i = 0; i < l.size(); i++) {
      if (isMetadata(l.name(i))) {
        any = true;
        break;
      }
    }
    if (!any) {
      return l;
    }
    Labels.Builder b = l.toBuilder();
    b.del(NAME).del("__type__").del("__unit__");
    return b.build();
  }

  /**
   * A signature of the labels that matter for matching: only {@code names} when {@code on}, else
   * every label but {@code names} and {@code exclude}.
   */
  static String signature(Labels l, List<String> names, boolean on, String exclude) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < l.size(); i++) {
      String n = l.name(i);
      boolean listed = names.contains(n);
      if (on ? listed : (!listed && !n.equals(exclude))) {
        b.append(n).append('\u00ff').append(l.value(i)).append('\u00ff');
      }
    }
    return b.toString();
  }

  /** Go's {@code MatchLabels(on, names...)}: the labels kept ({@code on}) or left (without the name) by matching. */
  static Labels matchLabels(Labels l, boolean on, List<String> names) {
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < l.size(); i++) {
      String n = l.name(i);
      boolean listed = names.contains(n);
      if (on ? listed : (!listed && !n.equals(NAME))) {
        b.set(n, l.value(i));
      }
    }
    return b.build();
  }
}
