package io.hearth.node.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Expands {@code rule_files} patterns as Go's {@code filepath.Glob}: {@code *}, {@code ?} and
 * {@code [...]} in any path element, matches in lexical order, a pattern without meta characters
 * naming its file whether or not it exists (its absence is then a load error). Stateless.
 */
final class RuleFiles {
  private RuleFiles() {}

  static List<String> expand(List<String> patterns) {
    TreeSet<String> seen = new TreeSet<>();
    List<String> out = new ArrayList<>();
    for (String p : patterns) {
      List<String> files = hasMeta(p) ? glob(p) : List.of(p);
      for (String f : files) if (seen.add(f)) out.add(f);
    }
    return out;
  }

  static boolean hasMeta(String p) {
    return p.indexOf('*') >= 0 || p.indexOf('?') >= 0 || p.indexOf('[') >= 0;
  }

  private static List<String> glob(String pattern) {
    Path pat = Path.of(pattern);
    Path root = pat.isAbsolute() ? pat.getRoot() : Path.of("");
    List<Path> current = List.of(root);
    for (int i = 0; i < pat.getNameCount(); i++) {
      String elem = pat.getName(i).toString();
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (!hasMeta(elem)) {
          Path c = dir.resolve(elem);
          if (Files.exists(c) || i == pat.getNameCount() - 1) next.add(c);
          continue;
        }
        Path d = dir.toString().isEmpty() ? Path.of(".") : dir;
        if (!Files.isDirectory(d)) continue;
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, elem)) {
          for (Path c : ds) names.add(c.getFileName().toString());
        } catch (IOException e) {
          continue;
        }
        for (String n : names) next.add(dir.resolve(n));
      }
      current = next;
    }
    List<String> out = new ArrayList<>();
    for (Path p : current) if (Files.exists(p)) out.add(p.toString());
    return out;
  }
}
