package io.hearth.bench.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Series-churn benchmark steps, driven by benchmarks/churn/churn-bench.sh:
 *
 * <pre>
 * load    --write-url URL --metrics-url URL --pid PID --out DIR [--hours 48 --interval-s 15 --churn-minutes 30
 *         --pods 500 --namespaces 10 --seed 1 --end-ms MS --concurrency 4 --batch 2000 --max-lag 8 --retries 5
 *         --max-seconds 1800 --measure-minutes 30 --metrics a,b --settle-seconds 120 --clk-tck 100]
 * check   --query-url URL --load DIR/load.json --retention-hours H --out FILE
 * summary --out DIR [--systems prometheus,hearth]
 * </pre>
 */
public final class ChurnBench {
  private ChurnBench() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) {
      System.err.println("usage: churn-bench load|check|summary [options] (see benchmarks/churn/churn-bench.sh)");
      System.exit(2);
    }
    Args a = new Args(argv, 1);
    switch (argv[0]) {
      case "load" -> load(a);
      case "check" -> check(a);
      case "summary" -> {
        Path out = Path.of(a.req("out"));
        List<String> systems = Arrays.asList(a.str("systems", "prometheus,hearth").split(","));
        a.done();
        Summary.write(out, systems);
      }
      default -> {
        System.err.println("unknown command " + argv[0]);
        System.exit(2);
      }
    }
  }

  private static void load(Args a) throws Exception {
    String writeUrl = a.req("write-url");
    String metricsUrl = a.req("metrics-url");
    long pid = a.lng("pid", -1);
    Path out = Path.of(a.req("out"));
    double hours = a.dbl("hours", 48);
    long stepMs = a.lng("interval-s", 15) * 1000;
    long churnMs = a.lng("churn-minutes", 30) * 60_000;
    int pods = a.integer("pods", 500);
    int namespaces = a.integer("namespaces", 10);
    long seed = a.lng("seed", 1);
    long endMs = a.lng("end-ms", System.currentTimeMillis() / stepMs * stepMs);
    int conc = a.integer("concurrency", 4);
    int batch = a.integer("batch", 2000);
    int maxLag = a.integer("max-lag", 8);
    int retries = a.integer("retries", 5);
    long maxSeconds = a.lng("max-seconds", 1800);
    long measureMs = a.lng("measure-minutes", 30) * 60_000;
    List<String> metrics = Arrays.asList(a.str("metrics", "").split(","));
    long settleSeconds = a.lng("settle-seconds", 120);
    double clk = a.dbl("clk-tck", 100);
    a.done();
    if (churnMs % stepMs != 0 || measureMs % stepMs != 0) throw new IllegalArgumentException("churn and measure periods must be multiples of the interval");
    int rounds = (int) Math.round(hours * 3_600_000 / stepMs);
    // The last sample is at end-ms (<= now); the first rounds-1 intervals earlier.
    Workload w = new Workload(endMs - (rounds - 1) * stepMs, stepMs, rounds, (int) (churnMs / stepMs), pods, namespaces, seed);
    Probe probe = new Probe(pid, clk, metricsUrl, metrics.stream().filter(s -> !s.isBlank()).toList());
    Loader l = new Loader(w, writeUrl, conc, batch, maxLag, retries, maxSeconds, probe, (int) (measureMs / stepMs), out);
    System.out.printf("load: %,d series per generation x %d generations, %,d rounds of %d s, %,d samples, %d connections%n",
        w.seriesPerGen(), w.generations(), rounds, stepMs / 1000, (long) rounds * w.seriesPerGen(), Math.min(conc, pods));
    Map<String, Object> r = l.run();
    r.put("settled", l.settle(settleSeconds, 0.05));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("load.json").toFile(), r);
  }

  private static void check(Args a) throws Exception {
    String url = a.req("query-url");
    Path loadFile = Path.of(a.req("load"));
    double retention = a.dbl("retention-hours", 24);
    Path out = Path.of(a.req("out"));
    a.done();
    JsonNode load = new ObjectMapper().readTree(Files.readString(loadFile));
    Map<String, Object> r = new Checker(load, url, retention).run();
    Checker.write(r, out);
    System.out.printf("check: %s passed, %s failed (inside retention: generations %s; past: %s)%n", r.get("passed"), r.get("failed"),
        r.get("inside_generations"), r.get("past_generations"));
  }
}
