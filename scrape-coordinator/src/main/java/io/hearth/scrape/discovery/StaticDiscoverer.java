package io.hearth.scrape.discovery;

import io.hearth.scrape.config.StaticConfig;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code static_configs}: one group per entry (sources {@code 0}, {@code 1}...), delivered once. */
public final class StaticDiscoverer implements Discoverer {
  private final List<TargetGroup> groups;
  private volatile Thread thread;

  public StaticDiscoverer(List<StaticConfig> configs) {
    List<TargetGroup> gs = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      StaticConfig sc = configs.get(i);
      List<Labels> ts = new ArrayList<>();
      for (String t : sc.targets()) ts.add(Labels.of("__address__", t));
      gs.add(new TargetGroup(Integer.toString(i), ts, Labels.fromMap(sc.labels())));
    }
    this.groups = List.copyOf(gs);
  }

  public List<TargetGroup> groups() {
    return groups;
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    Thread t = new Thread(() -> updates.accept(groups), "hearth-static-discovery");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void close() {
    Thread t = thread;
    if (t != null) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
