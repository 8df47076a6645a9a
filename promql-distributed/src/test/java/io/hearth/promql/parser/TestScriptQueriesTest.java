package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hearth.promql.ast.Expr;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every query of the upstream promqltest scripts must parse (a syntax error would make upstream
 * reject the whole file), print, and re-parse to the same text. Lists every failure at once.
 */
class TestScriptQueriesTest {
  private static final Pattern INSTANT = Pattern.compile("^eval\\w*\\s+instant\\s+at\\s+\\S+\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile("^eval\\w*\\s+range\\s+from\\s+.+\\s+to\\s+.+\\s+step\\s+.+?\\s+(.+)$");

  @Test
  void everyScriptQueryParsesAndRoundTrips() throws IOException {
    Path DIR = io.hearth.promql.promqltest.PromqlConformanceTest.requireTestdata();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(DIR, "*.test")) {
      ds.forEach(files::add);
    }
    Collections.sort(files);
    List<String> failures = new ArrayList<>();
    int total = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        String q = query(lines.get(i).trim());
        if (q == null) {
          continue;
        }
        total++;
        String where = f.getFileName() + ":" + (i + 1) + " " + q + " -> ";
        try {
          Expr e = Parser.parseExpr(q);
          String printed = e.toString();
          String again = Parser.parseExpr(printed).toString();
          if (!again.equals(printed)) {
            failures.add(where + "unstable print " + printed + " / " + again);
          }
        } catch (RuntimeException e) {
          failures.add(where + e.getMessage());
        }
      }
    }
    assertTrue(total > 2000, "found only " + total + " eval queries");
    assertEquals(List.of(), failures, failures.size() + " of " + total + " queries failed");
  }

  private static String query(String line) {
    if (!line.startsWith("eval")) {
      return null;
    }
    Matcher m = INSTANT.matcher(line);
    if (m.matches()) {
      return m.group(1);
    }
    m = RANGE.matcher(line);
    return m.matches() ? m.group(1) : null;
  }
}
