package io.hearth.promql.promqltest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The list of evals that are known to fail, one {@code file:line reason} per line ({@code #}
 * comments and blank lines ignored). The conformance test fails when an unlisted eval fails and
 * when a listed one does not fail, so the list can only shrink unless regenerated on purpose.
 */
final class KnownFailures {
  private static final Pattern ENTRY = Pattern.compile("^(\\S+):(\\d+)(?:\\s+(.*))?$");
  static final String HEADER = String.join("\n",
      "# PromQL conformance: evals of the upstream scripts (shared/promql-tests/testdata) that fail today.",
      "# One `file:line reason` per line; the line is that of the eval header. PromqlConformanceTest fails when an",
      "# eval not listed here fails, or when a listed one no longer fails: fix, then delete the line.",
      "# Regenerate from the current results (keeping the reasons of entries that still fail):",
      "#   mvn -o -pl promql-distributed -am test -Dtest=PromqlConformanceTest -Dsurefire.failIfNoSpecifiedTests=false \\",
      "#       -Dhearth.promqltests.updateKnownFailures=true",
      "# Details of every failure: promql-distributed/target/promqltest-report.txt",
      "");

  private KnownFailures() {}

  /** {@code file:line} to reason, in file order; empty when the file does not exist. */
  static Map<String, String> read(Path p) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(p)) return out;
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      Matcher m = ENTRY.matcher(l);
      if (!m.matches()) throw new IOException(p + ":" + (i + 1) + ": expected `file:line reason`, found: " + l);
      out.put(m.group(1) + ":" + m.group(2), m.group(3) == null ? "" : m.group(3).strip());
    }
    return out;
  }

  /**
   * Rewrites the list, under {@code header}, from the failing outcomes, keeping the reason already
   * written for an entry that still fails and taking the failure's short reason for a new one.
   */
  static void write(Path p, String header, List<EvalOutcome> failing, Map<String, String> previous) throws IOException {
    Map<String, String> entries = new TreeMap<>(Comparator.comparing((String k) -> k.substring(0, k.lastIndexOf(':')))
        .thenComparingInt(k -> Integer.parseInt(k.substring(k.lastIndexOf(':') + 1))));
    for (EvalOutcome o : failing) {
      String old = previous.get(o.key());
      entries.put(o.key(), old != null && !old.isEmpty() ? old : o.failure().reason());
    }
    List<String> lines = new ArrayList<>();
    lines.add(header);
    entries.forEach((k, r) -> lines.add(k + " " + r));
    Files.createDirectories(p.getParent());
    Files.write(p, lines, StandardCharsets.UTF_8);
  }
}
