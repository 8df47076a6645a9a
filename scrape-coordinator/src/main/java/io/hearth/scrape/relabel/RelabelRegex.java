package io.hearth.scrape.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;

/**
 * A fully anchored RE2 regular expression as Prometheus relabeling uses it: {@code ^(?:expr)$},
 * without the {@code s} flag (so {@code .} does not match a newline, as in Go). Immutable and
 * thread-safe; {@link #source()} is the expression as written in the configuration.
 */
public final class RelabelRegex {
  /** Prometheus's default, {@code (.*)}. */
  public static final RelabelRegex DEFAULT = compile("(.*)");

  private final String source;
  private final Pattern pattern;
  private final Map<String, Integer> namedGroups;

  private RelabelRegex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
    this.namedGroups = pattern.namedGroups();
  }

  /**
   * @throws RelabelConfigException with Go's wording, e.g. {@code error parsing regexp: missing
   *     closing ): `^(?:(a)$`}
   */
  public static RelabelRegex compile(String source) {
    try {
      return new RelabelRegex(source, Pattern.compile("^(?:" + source + ")$"));
    } catch (PatternSyntaxException e) {
      throw new RelabelConfigException(e.getMessage(), e);
    }
  }

  public String source() {
    return source;
  }

  public boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  /** A matcher positioned on the whole-string match of {@code s}, or null when it does not match. */
  Matcher match(String s) {
    Matcher m = pattern.matcher(s);
    return m.matches() ? m : null;
  }

  int groupIndex(String name) {
    Integer i = namedGroups.get(name);
    return i == null ? -1 : i;
  }

  boolean isDefault() {
    return this == DEFAULT || source.equals(DEFAULT.source);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelabelRegex && ((RelabelRegex) o).source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
