package io.hearth.promql.parser;

import io.hearth.promql.ast.PosRange;
import java.nio.charset.StandardCharsets;

/**
 * Converts character offsets into Prometheus's {@code line:col} text: lines count from 1, columns
 * are 1-based and measured in UTF-8 bytes from the last line break, as Prometheus measures them.
 */
public final class Positions {
  private Positions() {}

  /** {@code line:col} of a character offset in the query, e.g. {@code 1:14}. */
  public static String lineCol(String query, int offset) {
    if (offset < 0) {
      return "unknown position";
    }
    if (offset > query.length()) {
      return "invalid position";
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int col = query.substring(lineStart, offset).getBytes(StandardCharsets.UTF_8).length + 1;
    return line + ":" + col;
  }

  /** {@code line:col} of the start of a node's range. */
  public static String lineCol(String query, PosRange range) {
    return lineCol(query, range.start());
  }
}
