package io.hearth.scrape.config;

/**
 * An invalid configuration. The message is worded as Prometheus words it (unmarshal errors read
 * {@code yaml: unmarshal errors:\n  line 7: field foo not found in type config.ScrapeConfig});
 * {@link #line()} and {@link #column()} locate the offending node when known (1-based, 0 when
 * unknown).
 */
public final class ConfigException extends RuntimeException {
  private final int line;
  private final int column;

  public ConfigException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public ConfigException(String message) {
    this(message, 0, 0);
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message prefixed with {@code line:col: } when the position is known. */
  public String describe() {
    return line > 0 ? line + ":" + column + ": " + getMessage() : getMessage();
  }
}
