package io.hearth.scrape.manager;

import io.hearth.scrape.config.ScrapeConfig;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.loop.ScrapeTarget;
import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.scrape.relabel.Relabeler;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.PromDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Turns discovered target groups into scrape targets as Prometheus 3's {@code PopulateLabels}:
 * job defaults ({@code job}, {@code __scrape_interval__}, {@code __scrape_timeout__},
 * {@code __metrics_path__}, {@code __scheme__}, {@code __param_*}), target relabeling, address and
 * interval checks, {@code __meta_*} removal and the {@code instance} default. No default port is
 * added (Prometheus 3 behaviour). Stateless.
 */
public final class TargetBuilder {
  private TargetBuilder() {}

  /** The result for one discovered target: a target, a drop, or an error message. */
  public record Result(ScrapeTarget target, Labels dropped, String error) {}

  public static Result build(ScrapeConfig cfg, Labels groupLabels, Labels targetLabels) {
    Labels.Builder lb = groupLabels.toBuilder();
    targetLabels.forEach(lb::set);
    Labels lset = lb.build();
    String[][] defaults = {
        {ScrapeTarget.JOB, cfg.jobName()},
        {ScrapeTarget.SCRAPE_INTERVAL, PromDuration.format(cfg.scrapeInterval())},
        {ScrapeTarget.SCRAPE_TIMEOUT, PromDuration.format(cfg.scrapeTimeout())},
        {ScrapeTarget.METRICS_PATH, cfg.metricsPath()},
        {ScrapeTarget.SCHEME, cfg.scheme()}};
    for (String[] d : defaults) {
      if (lset.get(d[0]).isEmpty()) lb.set(d[0], d[1]);
    }
    for (Map.Entry<String, List<String>> p : cfg.params().entrySet()) {
      if (!p.getValue().isEmpty()) lb.set(ScrapeTarget.PARAM_PREFIX + p.getKey(), p.getValue().get(0));
    }
    Labels pre = lb.build();
    Labels res = Relabeler.process(pre, cfg.relabelConfigs());
    if (res == null || res.isEmpty()) return new Result(null, pre, null);
    String addr = res.get(ScrapeTarget.ADDRESS);
    if (addr.isEmpty()) return new Result(null, null, "no address");
    if (addr.contains("/")) return new Result(null, null, GoQuote.quote(addr) + " is not a valid hostname");
    String interval = res.get(ScrapeTarget.SCRAPE_INTERVAL);
    Duration iv;
    try {
      iv = PromDuration.parseConfig(interval);
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "error parsing scrape interval: " + e.getMessage());
    }
    if (iv.isZero()) return new Result(null, null, "scrape interval cannot be 0");
    String timeout = res.get(ScrapeTarget.SCRAPE_TIMEOUT);
    Duration to;
    try {
      to = PromDuration.parseConfig(timeout);
    } catch (IllegalArgumentException e) {
      return new Result(null, null, "error parsing scrape timeout: " + e.getMessage());
    }
    if (to.isZero()) return new Result(null, null, "scrape timeout cannot be 0");
    if (to.compareTo(iv) > 0) {
      return new Result(null, null, "scrape timeout cannot be greater than scrape interval (" + GoQuote.quote(timeout)
          + " > " + GoQuote.quote(interval) + ")");
    }
    Labels.Builder out = res.toBuilder();
    res.forEach((n, v) -> {
      if (n.startsWith(ScrapeTarget.META_PREFIX)) out.del(n);
    });
    if (res.get(ScrapeTarget.INSTANCE).isEmpty()) out.set(ScrapeTarget.INSTANCE, addr);
    Labels fin = out.build();
    for (int i = 0; i < fin.size(); i++) {
      if (!NameValidationScheme.isValidUtf16(fin.value(i))) {
        return new Result(null, null, "invalid label value for " + GoQuote.quote(fin.name(i)) + ": "
            + GoQuote.quote(fin.value(i)));
      }
    }
    return new Result(new ScrapeTarget(cfg.jobName(), fin, pre, cfg.params()), null, null);
  }

  /** Convenience over a whole group. */
  public static List<Result> build(ScrapeConfig cfg, TargetGroup g) {
    return g.targets().stream().map(t -> build(cfg, g.labels(), t)).toList();
  }
}
