package io.hearth.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromQL differential test against Debian's real Prometheus 2.42: the same seeded remote-write
 * requests ({@link SyntheticWorkload}) go to both, then every query of {@code
 * it/promql-queries.txt} runs on both as an instant query at three times and as a range query, and
 * the answers must agree (see {@link PromqlAnswerDiff} for what "agree" means).
 *
 * <p>Hearth follows Prometheus 3.x. Where 3.x answers differently from 2.42, the query is listed in
 * {@code it/promql-known-differences.txt} ({@code query<TAB>reason}); the test fails when an
 * unlisted query differs, when a listed one answers the same (the list must shrink as Hearth or
 * the queries change), and when a listed query is not in the query file.
 *
 * <p>Query times are whole seconds (no sample lies on a whole second: {@link SyntheticWorkload})
 * 7, 17 or 43 seconds past a minute, so neither a sample nor a subquery step (multiples of 10 s,
 * 15 s, 30 s, 1 m, 2 m, 5 m) lies on the left edge of a window, where 2.42's closed windows and
 * 3.x's left-open ones differ. The report, one block per query, goes to {@code
 * target/promql-differential-report.txt}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PromqlDifferentialTest {
  private static final long SEED = 0x5EED_2024L;
  private static final int THREADS = 2;

  @TempDir static Path dir;
  private static PrometheusFixture prometheus;
  private static HearthFixture hearth;
  /** Instant-query times and the range query's window. */
  private static PromqlTimes times;

  @BeforeAll
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  static void startBothAndWriteTheSameRequests() throws Exception {
    times = PromqlTimes.endingNow();
    SyntheticWorkload data = new SyntheticWorkload(times.t0(), SEED);
    prometheus = PrometheusFixture.start(dir.resolve("prometheus"), PrometheusFixture.reservePort(),
        TestResources.text("prometheus-receiver.yml", Map.of()));
    hearth = HearthFixture.start(dir.resolve("hearth"), "it-promql-differential");
    List<byte[]> requests = data.requests();
    PromApiClient.remoteWriteAll(requests, Map.entry("prometheus", prometheus.api()), Map.entry("hearth", hearth.api()));
    System.out.printf("promql differential: t0=%d (%s), %d series, %d requests%n", times.t0(), PromApiClient.time(times.t0()),
        data.series().size(), requests.size());
  }

  @AfterAll
  static void stopBoth() {
    try {
      if (prometheus != null) prometheus.close();
    } finally {
      if (hearth != null) hearth.close();
    }
  }

  /** What one query did on both: the differences of each evaluation, and whether 2.42 answered data or an error. */
  record Outcome(String query, List<String> differences, String firstBodies, boolean prometheusData, boolean prometheusError) {
    boolean identical() {
      return differences.isEmpty();
    }
  }

  @Test
  void everyQueryAnswersAsPrometheusOrIsAListedKnownDifference() throws Exception {
    List<String> queries = lines("promql-queries.txt");
    Map<String, String> known = knownDifferences();
    LinkedHashSet<String> unique = new LinkedHashSet<>(queries);
    assertEquals(queries.size(), unique.size(), "promql-queries.txt lists a query twice");
    assertTrue(queries.size() >= 300, "too few queries: " + queries.size());

    long started = System.nanoTime();
    List<Outcome> outcomes = PromqlVerdict.inParallel(THREADS, queries.size(), i -> run(queries.get(i)), 5, TimeUnit.MINUTES);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    int identical = 0;
    int knownCount = 0;
    int withData = 0;
    int errors = 0;
    List<String> failures = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    report.append("# PromQL differential test: Hearth vs Prometheus 2.42, ").append(times).append('\n')
        .append("# IDENTICAL: same answers; KNOWN: differs and is listed; FAIL: differs and is not listed;")
        .append(" STALE: listed but answers the same\n\n");
    for (Outcome o : outcomes) {
      if (o.prometheusData) withData++;
      if (o.prometheusError) errors++;
      String reason = known.get(o.query);
      PromqlVerdict verdict = PromqlVerdict.of(o.identical(), reason);
      if (verdict == PromqlVerdict.IDENTICAL) identical++;
      if (verdict == PromqlVerdict.KNOWN) knownCount++;
      String failure = verdict.failure(o.query, reason, o.differences);
      if (failure != null) failures.add(failure);
      report.append(verdict).append("  ").append(o.query).append('\n');
      if (reason != null) report.append("    reason: ").append(reason).append('\n');
      if (!o.prometheusData && !o.prometheusError) report.append("    (prometheus answers no data at any time)\n");
      for (String d : o.differences) report.append("    ").append(d.replace("\n", "\n    ")).append('\n');
      if (!o.firstBodies.isEmpty()) report.append("    ").append(o.firstBodies).append('\n');
    }
    for (String q : known.keySet()) {
      if (!unique.contains(q)) failures.add("listed as a known difference but not in promql-queries.txt: " + q);
    }
    String summary = String.format("promql differential: %d queries, %d identical, %d known differences, %d failures",
        queries.size(), identical, knownCount, failures.size());
    report.append('\n').append(summary).append('\n');
    report.append(String.format("prometheus answered data for %d queries and an error for %d; %d s%n", withData, errors, seconds));
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      if (!o.identical() && known.containsKey(o.query)) byReason.computeIfAbsent(known.get(o.query), r -> new ArrayList<>()).add(o.query);
    }
    report.append("\nKnown differences by reason:\n");
    for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
      report.append("  ").append(e.getValue().size()).append(" x ").append(e.getKey()).append('\n');
      for (String q : e.getValue()) report.append("      ").append(q).append('\n');
    }
    if (!failures.isEmpty()) report.append("\nFailures:\n").append(String.join("\n", failures)).append('\n');
    Path out = Path.of("target", "promql-differential-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    System.out.println(summary);
    System.out.printf("promql differential: prometheus answered data for %d queries and an error for %d; %d s; report in %s%n",
        withData, errors, seconds, out.toAbsolutePath());

    assertTrue(failures.isEmpty(), failures.size() + " failures (report in " + out.toAbsolutePath() + "):\n\n"
        + String.join("\n\n", failures));
    assertTrue(withData + errors >= queries.size() * 9 / 10,
        "too many queries answer nothing on prometheus to mean anything: " + (queries.size() - withData - errors));
  }

  /** The query as three instant queries and one range query on both. */
  private static Outcome run(String template) {
    String q = times.fill(template);
    boolean ordered = q.startsWith("sort(") || q.startsWith("sort_desc(");
    List<String> diffs = new ArrayList<>();
    StringBuilder bodies = new StringBuilder();
    boolean data = false;
    boolean error = false;
    for (long t : times.instants()) {
      List<Map.Entry<String, String>> params = PromqlTimes.instantParams(q, t);
      PromApiClient.Reply p = prometheus.api().get("/api/v1/query", params);
      PromApiClient.Reply h = hearth.api().get("/api/v1/query", params);
      List<String> d = PromqlAnswerDiff.diff(p, h, ordered, false);
      for (String x : d) diffs.add("instant @" + PromApiClient.time(t) + ": " + x);
      if (!d.isEmpty() && bodies.length() == 0) bodies.append(bodies("instant @" + PromApiClient.time(t), p, h));
      data |= hasData(p);
      error |= isError(p);
    }
    List<Map.Entry<String, String>> params = times.rangeParams(q);
    PromApiClient.Reply p = prometheus.api().get("/api/v1/query_range", params);
    PromApiClient.Reply h = hearth.api().get("/api/v1/query_range", params);
    List<String> d = PromqlAnswerDiff.diff(p, h, false, true);
    for (String x : d) diffs.add("range: " + x);
    if (!d.isEmpty() && bodies.length() == 0) bodies.append(bodies("range", p, h));
    data |= hasData(p);
    error |= isError(p);
    return new Outcome(template, diffs, bodies.toString(), data, error);
  }

  private static String bodies(String which, PromApiClient.Reply p, PromApiClient.Reply h) {
    return "first difference, " + which + ":\n      prometheus " + clip(p.body()) + "\n      hearth     " + clip(h.body());
  }

  private static String clip(String s) {
    String t = s.strip();
    return t.length() > 2000 ? t.substring(0, 2000) + "...(" + t.length() + " chars)" : t;
  }

  private static boolean hasData(PromApiClient.Reply r) {
    if (r.json() == null || !"success".equals(r.json().path("status").asText())) return false;
    var result = r.json().path("data").path("result");
    return !result.isArray() || result.size() > 0;
  }

  private static boolean isError(PromApiClient.Reply r) {
    return r.json() != null && "error".equals(r.json().path("status").asText());
  }

  /** The known differences: query (as written in the query file) to reason. */
  static Map<String, String> knownDifferences() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : lines("promql-known-differences.txt")) {
      int tab = line.indexOf('\t');
      if (tab <= 0 || tab == line.length() - 1) {
        throw new IllegalArgumentException("promql-known-differences.txt: not query<TAB>reason: " + line);
      }
      if (m.put(line.substring(0, tab), line.substring(tab + 1).trim()) != null) {
        throw new IllegalArgumentException("promql-known-differences.txt lists a query twice: " + line);
      }
    }
    return m;
  }

  /** The non-blank, non-comment lines of a resource under {@code it/}. */
  static List<String> lines(String name) {
    try (InputStream in = PromqlDifferentialTest.class.getResourceAsStream("/it/" + name)) {
      if (in == null) throw new IllegalArgumentException("missing test resource /it/" + name);
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (l.isBlank() || l.startsWith("#")) continue;
        out.add(l);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
