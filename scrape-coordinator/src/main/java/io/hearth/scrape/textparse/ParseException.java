package io.hearth.scrape.textparse;

/**
 * Malformed exposition. {@link #getMessage()} is Prometheus's message, byte for byte (e.g.
 * {@code expected value after metric, got "\n" ("INVALID") while parsing: "a\n"});
 * {@link #line()} and {@link #column()} (1-based) locate the token where parsing failed, and
 * {@link #describe()} prefixes the message with {@code line N:C: }.
 */
public final class ParseException extends RuntimeException {
  private final int line;
  private final int column;

  public ParseException(String message, int line, int column) {
    super(message, null, false, false);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** {@code line N:C: message}; just the message for formats without lines (line 0), as protobuf. */
  public String describe() {
    if (line <= 0) return getMessage();
    return "line " + line + ":" + column + ": " + getMessage();
  }
}
