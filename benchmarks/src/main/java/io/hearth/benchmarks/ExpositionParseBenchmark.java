package io.hearth.benchmarks;

import io.hearth.benchmarks.exposition.Bodies;
import io.hearth.benchmarks.exposition.ExpositionWriter.Format;
import io.hearth.scrape.textparse.Entry;
import io.hearth.scrape.textparse.OpenMetricsParser;
import io.hearth.scrape.textparse.Parser;
import io.hearth.scrape.textparse.PromTextParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exposition parser throughput, Prometheus text 0.0.4 vs OpenMetrics 1.0.0, on whole scrape bodies.
 *
 * <p>One operation parses one body. The {@code bytes} and {@code samples} secondary results are
 * rates per second (JMH aux counters), i.e. bytes/s and samples/s directly; the primary result is
 * bodies/s.
 *
 * <ul>
 *   <li>{@link #scan}: what the scrape loop does for a series it has seen before: every entry,
 *       the raw series bytes, value and timestamp; metadata entries are read as the loop reads
 *       them (family and type/help/unit).
 *   <li>{@link #scanWithLabels}: as {@code scan} plus {@link Parser#labels()} for every sample, the
 *       cost of a first scrape (every series new to the scrape cache).
 * </ul>
 *
 * <p>Bodies: {@code node} is node_exporter-like (~1,000 samples with Go runtime metrics, HTTP
 * histograms and summaries, HELP/TYPE for every family), {@code ksm} kube-state-metrics-like (pods
 * with 4-12 long labels per sample), {@code node_capture} the real output of node_exporter 1.5.0 in
 * a container (507 samples; its OpenMetrics form derived as client_golang would write it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpositionParseBenchmark {
  @Param({"node", "ksm", "node_capture"})
  public String body;

  @Param({"text", "openmetrics"})
  public String format;

  private byte[] bytes;
  private int samplesPerBody;
  private PromTextParser prom;
  private OpenMetricsParser om;

  /** Per-second counters JMH reports beside the primary result. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rates {
    public long bytes;
    public long samples;

    @Setup(Level.Iteration)
    public void clear() {
      bytes = 0;
      samples = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Format f = format.equals("text") ? Format.TEXT : Format.OPENMETRICS;
    String text;
    switch (body) {
      case "node":
        text = Bodies.nodeExporterLike(f, Bodies.NodeShape.SERVER, 3_600, 1);
        break;
      case "ksm":
        text = Bodies.kubeStateMetricsLike(f, 60, 3_600, 1);
        break;
      case "node_capture":
        String captured = Bodies.resource("/expositions/node_exporter-1.5.0.txt");
        text = f == Format.TEXT ? captured : Bodies.openMetricsOf(captured);
        break;
      default:
        throw new IllegalArgumentException(body);
    }
    bytes = text.getBytes(StandardCharsets.UTF_8);
    prom = new PromTextParser();
    om = new OpenMetricsParser();
    samplesPerBody = 0;
    Parser p = parser();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.SERIES) {
        samplesPerBody++;
        p.labels();
      }
    }
    System.err.printf("%n[%s/%s] %,d bytes, %,d samples, %.1f bytes/sample%n", body, format, bytes.length,
        samplesPerBody, bytes.length / (double) samplesPerBody);
  }

  private Parser parser() {
    return format.equals("text") ? prom.reset(bytes, 0, bytes.length) : om.reset(bytes, 0, bytes.length);
  }

  @Benchmark
  public int scan(Rates r, Blackhole bh) {
    Parser p = parser();
    int n = 0;
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      switch (e) {
        case SERIES:
          n++;
          bh.consume(p.seriesBytes());
          bh.consume(p.seriesOffset() + p.seriesLength());
          bh.consume(p.value());
          if (p.hasTimestamp()) bh.consume(p.timestamp());
          break;
        case TYPE:
          bh.consume(p.metricFamily());
          bh.consume(p.type());
          break;
        case HELP:
          bh.consume(p.metricFamily());
          bh.consume(p.help());
          break;
        case UNIT:
          bh.consume(p.unit());
          break;
        default:
          break;
      }
    }
    r.bytes += bytes.length;
    r.samples += n;
    return n;
  }

  @Benchmark
  public int scanWithLabels(Rates r, Blackhole bh) {
    Parser p = parser();
    int n = 0;
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.SERIES) {
        n++;
        bh.consume(p.labels());
        bh.consume(p.value());
      }
    }
    r.bytes += bytes.length;
    r.samples += n;
    return n;
  }
}
