package io.hearth.sharding.api;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A label matcher as in PromQL: {@code name=value}, {@code !=}, {@code =~} and {@code !~}.
 *
 * <p>Regular expressions use RE2 syntax and are fully anchored, as in Prometheus. A missing label
 * has the empty value, so {@code foo=""} matches series without {@code foo}. Immutable and
 * thread-safe.
 */
public final class Matcher {
  public enum Type {
    EQ("="), NEQ("!="), RE("=~"), NRE("!~");

    public final String op;

    Type(String op) {
      this.op = op;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private Matcher(Type type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    if (type == Type.RE || type == Type.NRE) {
      this.pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
    } else {
      this.pattern = null;
    }
  }

  /**
   * @throws IllegalArgumentException when a regular expression does not compile; the message
   *     names the expression and the cause
   */
  public static Matcher of(Type type, String name, String value) {
    try {
      return new Matcher(type, name, value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression \"" + value + "\": " + e.getMessage(), e);
    }
  }

  public static Matcher eq(String name, String value) {
    return of(Type.EQ, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label value (the empty string for a missing label) matches. */
  public boolean matches(String v) {
    switch (type) {
      case EQ: return value.equals(v);
      case NEQ: return !value.equals(v);
      case RE: return pattern.matcher(v).matches();
      default: return !pattern.matcher(v).matches();
    }
  }

  /** Whether this matcher matches the empty value (and therefore series lacking the label). */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.op).append('"');
    Labels.escape(sb, value);
    return sb.append('"').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Matcher)) return false;
    Matcher m = (Matcher) o;
    return type == m.type && name.equals(m.name) && value.equals(m.value);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
  }
}
