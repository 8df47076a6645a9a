package io.hearth.sharding.api.text;

import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code labels.Labels.String()}, the text Prometheus puts in its messages:
 * {@code {__name__="up", job="api"}}, values quoted as {@link GoQuote} quotes them. {@link #format}
 * writes names as they are (Prometheus 2.x, and the engine's and scraper's messages);
 * {@link #appendPair} is Prometheus 3.x's form for one label of a series still held as bytes, its
 * name quoted too unless it is a legacy name.
 */
public final class LabelsText {
  private LabelsText() {}

  /** {@code {a="b", c="d"}}, every label in order, names as written. */
  public static String format(Labels l) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(l.name(i)).append('=');
      GoQuote.appendQuoted(b, l.value(i));
    }
    return b.append('}').toString();
  }

  /**
   * Appends one label {@code name="value"} from byte ranges of {@code b}: the name bare when it is a
   * legacy label name ({@link #isLegacyLabelName}), else quoted; the value always quoted.
   */
  public static void appendPair(StringBuilder sb, byte[] b, int nameOff, int nameLen, int valueOff, int valueLen) {
    if (isLegacyLabelName(b, nameOff, nameLen)) {
      sb.append(new String(b, nameOff, nameLen, StandardCharsets.US_ASCII));
    } else {
      GoQuote.appendQuoted(sb, b, nameOff, nameLen);
    }
    sb.append('=');
    GoQuote.appendQuoted(sb, b, valueOff, valueLen);
  }

  /** Whether {@code b[off, off + len)} is a legacy label name, {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isLegacyLabelName(byte[] b, int off, int len) {
    if (len == 0) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      int c = b[off + i];
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
