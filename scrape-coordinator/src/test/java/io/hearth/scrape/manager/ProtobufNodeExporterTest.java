package io.hearth.scrape.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hearth.scrape.config.ConfigLoader;
import io.hearth.scrape.config.ScrapeProtocol;
import io.hearth.scrape.loop.RecordingAppendable;
import io.hearth.scrape.loop.RecordingAppendable.Sample;
import io.hearth.scrape.textparse.ContentNegotiation;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.testing.LoopbackPorts;
import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real node exporter (Debian's {@code prometheus-node-exporter}) scraped by one ScrapeManager as
 * two jobs, one with {@code scrape_protocols: [PrometheusProto]} and one with
 * {@code [PrometheusText0.0.4]}: both must store the same series, with equal values where they do
 * not change between scrapes. Skipped when the binary is not installed.
 */
class ProtobufNodeExporterTest {
  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "prometheus-node-exporter");
      if (f.canExecute()) return f.getPath();
    }
    return null;
  }


  @Test
  void protobufAndTextScrapesOfANodeExporterAgree() throws Exception {
    String bin = binary();
    assumeTrue(bin != null, "prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)");
    int port = LoopbackPorts.free();
    String addr = "127.0.0.1:" + port;
    Process exporter = new ProcessBuilder(bin, "--web.listen-address=" + addr, "--collector.disable-defaults",
        "--collector.cpu", "--collector.meminfo", "--collector.loadavg", "--collector.uname", "--collector.stat",
        "--collector.os").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RecordingAppendable storage = new RecordingAppendable();
    ScrapeManager mgr = new ScrapeManager(storage);
    try {
      awaitListening(port);
      String contentType = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + addr + "/metrics"))
          .header("Accept", ContentNegotiation.acceptHeader(List.of(ScrapeProtocol.PROMETHEUS_PROTO), "underscores"))
          .build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Type").orElse("");
      assertTrue(contentType.startsWith("application/vnd.google.protobuf"), "the exporter answers protobuf: " + contentType);

      mgr.apply(ConfigLoader.parse("""
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: proto
              scrape_protocols: [PrometheusProto]
              static_configs: [{targets: ['%1$s']}]
            - job_name: text
              scrape_protocols: [PrometheusText0.0.4]
              static_configs: [{targets: ['%1$s']}]
          """.formatted(addr)));
      Map<Labels, Double> proto = firstScrape(storage, "proto", addr);
      Map<Labels, Double> text = firstScrape(storage, "text", addr);
      assertEquals(text.keySet(), proto.keySet(), "same series set");
      assertTrue(proto.size() > 50, "a real exposition: " + proto.size() + " series");

      Labels build = proto.keySet().stream().filter(l -> l.metricName().equals("node_exporter_build_info")).findFirst()
          .orElseThrow();
      assertEquals(1.0, proto.get(build));
      assertEquals(text.get(build), proto.get(build));
      List<Labels> cpu = proto.keySet().stream().filter(l -> l.metricName().equals("node_cpu_seconds_total")).toList();
      assertFalse(cpu.isEmpty(), "node_cpu_seconds_total");
      for (String stable : List.of("node_exporter_build_info", "go_info", "node_uname_info", "node_os_info",
          "node_memory_MemTotal_bytes", "node_boot_time_seconds", "process_start_time_seconds")) {
        for (Labels l : proto.keySet()) {
          if (l.metricName().equals(stable)) assertEquals(text.get(l), proto.get(l), l.toString());
        }
      }
      assertTrue(proto.keySet().stream().anyMatch(l -> l.metricName().equals("go_gc_duration_seconds")
          && l.get("quantile").equals("0.0")), "summary quantiles are normalised as in the text format");
    } finally {
      mgr.stop(false);
      exporter.destroy();
      exporter.waitFor();
    }
  }

  private static void awaitListening(int port) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("node exporter did not start on port " + port);
  }

  /** The series (without job and instance) and values of the job's first successful scrape. */
  private static Map<Labels, Double> firstScrape(RecordingAppendable storage, String job, String addr)
      throws InterruptedException {
    Labels up = Labels.of("__name__", "up", "job", job, "instance", addr);
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (Sample s : storage.samples("up")) {
        if (!s.labels().equals(up) || s.v() != 1.0) continue;
        long t = s.t();
        return storage.samples().stream()
            .filter(x -> x.t() == t && job.equals(x.labels().get("job")) && !x.labels().metricName().startsWith("scrape_")
                && !x.labels().metricName().equals("up"))
            .collect(Collectors.toMap(x -> x.labels().toBuilder().del("job").del("instance").build(), Sample::v,
                (a, b) -> a, HashMap::new));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no successful scrape of job " + job + ": " + storage.samples("up"));
  }
}
