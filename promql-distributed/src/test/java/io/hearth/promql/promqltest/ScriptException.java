package io.hearth.promql.promqltest;

/** A script that cannot be read: upstream rejects the whole file. Carries the 1-based line. */
final class ScriptException extends Exception {
  final int line;

  ScriptException(int line, String message) {
    super(line + ": " + message);
    this.line = line;
  }

  ScriptException(int line, String message, Throwable cause) {
    super(line + ": " + message, cause);
    this.line = line;
  }
}
