package io.hearth.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** The one line of figures a chaos test prints: to stdout and appended to target/chaos/summary.txt. */
public final class Summary {
  private Summary() {}

  public static void print(String test, String figures) {
    String line = "CHAOS " + test + ": " + figures;
    System.out.println(line);
    try {
      Path f = ChaosCluster.baseDir().resolve("summary.txt");
      Files.createDirectories(f.getParent());
      Files.writeString(f, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not append to summary.txt: " + e);
    }
  }

  public static String secs(double s) {
    return Double.isNaN(s) ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f", s);
  }
}
