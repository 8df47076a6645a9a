package io.hearth.scrape.relabel;

/**
 * How metric and label names are validated, as Prometheus's {@code metric_name_validation_scheme}.
 * {@link #UTF8} (Prometheus 3's default) accepts any non-empty UTF-8 name; {@link #LEGACY} accepts
 * only {@code [a-zA-Z_][a-zA-Z0-9_]*} label names and {@code [a-zA-Z_:][a-zA-Z0-9_:]*} metric names.
 */
public enum NameValidationScheme {
  LEGACY("legacy"),
  UTF8("utf8");

  private final String configName;

  NameValidationScheme(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The scheme named in a config file, or null when the name is unknown. */
  public static NameValidationScheme fromConfigName(String s) {
    for (NameValidationScheme v : values()) {
      if (v.configName.equals(s)) return v;
    }
    return null;
  }

  public boolean isValidLabelName(String name) {
    if (name == null || name.isEmpty()) return false;
    if (this == UTF8) return isValidUtf16(name);
    return isLegacyLabelName(name);
  }

  public boolean isValidMetricName(String name) {
    if (name == null || name.isEmpty()) return false;
    if (this == UTF8) return isValidUtf16(name);
    return isLegacyMetricName(name);
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isLegacyLabelName(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  }

  /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  public static boolean isLegacyMetricName(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  }

  /** Java strings are UTF-16; the only invalid UTF-8 they can encode is an unpaired surrogate. */
  public static boolean isValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
