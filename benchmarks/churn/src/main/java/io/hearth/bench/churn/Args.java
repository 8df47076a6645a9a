package io.hearth.bench.churn;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} / {@code --name=value} options; unknown or unread options are an error. */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> read = new HashSet<>();

  Args(String[] argv, int from) {
    for (int i = from; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
      int eq = a.indexOf('=');
      if (eq > 0) {
        values.put(a.substring(2, eq), a.substring(eq + 1));
      } else {
        if (i + 1 >= argv.length) throw new IllegalArgumentException("missing value for " + a);
        values.put(a.substring(2), argv[++i]);
      }
    }
  }

  String str(String name, String dflt) {
    read.add(name);
    return values.getOrDefault(name, dflt);
  }

  String req(String name) {
    String v = str(name, null);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  long lng(String name, long dflt) {
    String v = str(name, null);
    return v == null ? dflt : Long.parseLong(v);
  }

  int integer(String name, int dflt) {
    return Math.toIntExact(lng(name, dflt));
  }

  double dbl(String name, double dflt) {
    String v = str(name, null);
    return v == null ? dflt : Double.parseDouble(v);
  }

  /** Fails on options nobody read (typos). */
  void done() {
    Set<String> left = new HashSet<>(values.keySet());
    left.removeAll(read);
    if (!left.isEmpty()) throw new IllegalArgumentException("unknown options: " + left);
  }
}
