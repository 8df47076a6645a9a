package io.hearth.bench.churn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark reads from the server: its process (/proc) and its /metrics page. */
final class Probe {
  private final long pid;
  private final double clkTck;
  private final String metricsUrl;
  private final List<String> metrics;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  Probe(long pid, double clkTck, String metricsUrl, List<String> metrics) {
    this.pid = pid;
    this.clkTck = clkTck;
    this.metricsUrl = metricsUrl;
    this.metrics = metrics;
  }

  /** VmRSS and VmHWM in KiB, or -1 each if the process is gone. */
  long[] memoryKib() {
    long rss = -1;
    long hwm = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) rss = kib(line);
        if (line.startsWith("VmHWM:")) hwm = kib(line);
      }
    } catch (IOException e) {
      // process gone
    }
    return new long[] {rss, hwm};
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** utime + stime of the process in seconds, or -1 if it is gone. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // after the comm: state(0) ppid ... utime is field 14 of the whole line, index 11 here; stime index 12
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / clkTck;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Sum of each requested metric's samples on the /metrics page (NaN if absent or the page failed). */
  Map<String, Double> scrape() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String m : metrics) out.put(m, Double.NaN);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) return out;
      return sums(r.body(), metrics);
    } catch (IOException e) {
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return out;
    }
  }

  /**
   * Sums samples of the named metrics in a text exposition. A name is exact ({@code x} does not match {@code
   * x_total}); {@code name{l="v"}} sums only the samples whose labels contain {@code l="v"}.
   */
  static Map<String, Double> sums(String page, List<String> names) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String m : names) out.put(m, Double.NaN);
    for (String line : page.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') continue;
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') end++;
      String name = line.substring(0, end);
      String rest = line.substring(end);
      String labels = "";
      if (rest.startsWith("{")) {
        int close = rest.lastIndexOf('}');
        if (close < 0) continue;
        labels = rest.substring(1, close);
        rest = rest.substring(close + 1);
      }
      for (String want : names) {
        int brace = want.indexOf('{');
        boolean match = brace < 0 ? want.equals(name)
            : want.substring(0, brace).equals(name) && labels.contains(want.substring(brace + 1, want.length() - 1));
        if (match) add(out, want, rest);
      }
    }
    return out;
  }

  private static void add(Map<String, Double> out, String name, String rest) {
    String[] parts = rest.trim().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty()) return;
    double v;
    try {
      v = Double.parseDouble(parts[0]);
    } catch (NumberFormatException e) {
      return;
    }
    double prev = out.get(name);
    out.put(name, Double.isNaN(prev) ? v : prev + v);
  }

  /** True while the process exists and is not a zombie. */
  boolean alive() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
