package io.hearth.node.rules;

import io.hearth.sharding.api.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hearth check rules}: what {@code promtool check rules} prints and returns. Per file,
 * {@code Checking FILE} and, on success, {@code   SUCCESS: N rules found} go to standard output,
 * failures ({@code   FAILED:} and the errors) to standard error, then an empty line to standard
 * output. Exit 1 when a file has errors, 3 for lint findings only with {@code --lint-fatal}, else 0.
 * The only lint is promtool's {@code duplicate-rules}: rules with the same name and labels.
 */
public final class RuleCheck {
  private RuleCheck() {}

  /** What the check printed and its exit status. */
  public record Outcome(String stdout, String stderr, int exitCode) {}

  public static Outcome run(List<Path> files, boolean lintDuplicates, boolean lintFatal) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    boolean failed = false;
    boolean hasErrors = false;
    for (Path f : files) {
      String name = f.toString();
      out.append("Checking ").append(name).append('\n');
      RuleFileParser.Result r = RuleFileParser.parseFile(f, name);
      List<String> errors = r.errors();
      boolean lintOnly = false;
      if (errors.isEmpty() && lintDuplicates) {
        String dup = duplicates(r.groups());
        if (dup != null) {
          errors = List.of("lint error " + dup);
          lintOnly = true;
        }
      }
      if (!errors.isEmpty()) {
        err.append("  FAILED:\n");
        for (String e : errors) err.append(e).append('\n');
        failed = true;
        hasErrors |= !lintOnly;
      } else {
        out.append("  SUCCESS: ").append(r.ruleCount()).append(" rules found\n");
      }
      out.append('\n');
    }
    int code = failed && hasErrors ? 1 : failed && lintFatal ? 3 : 0;
    return new Outcome(out.toString(), err.toString(), code);
  }

  /** promtool's duplicate-rules finding, or null: rules sorted by name then labels, each duplicate named once. */
  static String duplicates(List<GroupSpec> groups) {
    record Key(String metric, Labels labels) {}
    List<Key> keys = new ArrayList<>();
    for (GroupSpec g : groups) {
      for (RuleSpec r : g.rules()) keys.add(new Key(r.name(), Labels.fromMap(r.labels())));
    }
    keys.sort((a, b) -> {
      int c = a.metric.compareTo(b.metric);
      return c != 0 ? c : a.labels.compareTo(b.labels);
    });
    List<Key> dups = new ArrayList<>();
    for (int i = 1; i < keys.size(); i++) {
      Key last = keys.get(i - 1);
      if (last.equals(keys.get(i)) && (dups.isEmpty() || !dups.get(dups.size() - 1).equals(last))) dups.add(keys.get(i));
    }
    if (dups.isEmpty()) return null;
    StringBuilder sb = new StringBuilder().append(dups.size()).append(" duplicate rule(s) found.\n");
    for (Key k : dups) {
      sb.append("Metric: ").append(k.metric).append("\nLabel(s):\n");
      k.labels.forEach((n, v) -> sb.append('\t').append(n).append(": ").append(v).append('\n'));
    }
    return sb.append("Might cause inconsistency while recording expressions").toString();
  }
}
