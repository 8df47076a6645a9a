package io.hearth.node.otlp;

/**
 * Makes an OTLP attribute key a Prometheus label name, as Prometheus 3's OTLP translation does:
 * with escaping, every character outside {@code [a-zA-Z0-9_]} becomes {@code _} (one per
 * character, runs kept) and a name starting with a digit gets {@code key_} in front; names are kept
 * as sent otherwise. A name that comes out empty or all underscores is refused. Stateless and
 * thread-safe.
 */
public final class LabelNamer {
  private final boolean escape;

  public LabelNamer(boolean escape) {
    this.escape = escape;
  }

  /** The label name, or null when the key cannot be one (empty, or only underscores once escaped). */
  public String build(String key) {
    if (key.isEmpty() || key.chars().allMatch(c -> c == '_')) return null;
    if (!escape) return key;
    StringBuilder b = new StringBuilder(key.length() + 4);
    key.codePoints().forEach(c -> b.append(isLabelChar(c) ? (char) c : '_'));
    if (Character.isDigit(b.charAt(0))) b.insert(0, "key_");
    String out = b.toString();
    if (out.chars().allMatch(c -> c == '_')) return null;
    return out;
  }

  private static boolean isLabelChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
